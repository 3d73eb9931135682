package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modes are the synced ones whatever umask the service runs under: with umask 000 (a careless unit
 * file) nothing a pull makes is writable by group or other, and with umask 077 its directories
 * still let the services that read the files in.
 */
class UmaskIT {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @org.junit.jupiter.params.ParameterizedTest(name = "umask {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"000", "077"})
  void whateverTheUmaskAPullMakesTheSyncedModes(String umask, @TempDir Path dir) throws Exception {
    String prefix = "umask" + umask;
    CONSUL.kv().putWithFlags(prefix + "/bin/tools/run.sh", "#!/bin/sh\n", 0x4643_0000L | 0777);
    CONSUL.kv().putWithFlags(prefix + "/etc/app.conf", "port = 80\n", 0x4643_0000L | 0666);
    String launcher =
        Path.of(System.getProperty("fileconsul.launcher", "bin/fileconsul"))
            .toAbsolutePath()
            .toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                "sh",
                "-c",
                "umask " + umask + " && exec \"$0\" \"$@\"",
                launcher,
                "pull",
                "--basepath",
                dir.toString(),
                "--prefix",
                prefix)
            .redirectErrorStream(true);
    pb.environment().put("CONSUL_HTTP_ADDR", CONSUL.agent().address());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), output);

    assertEquals("rwxr-xr-x", mode(dir.resolve("bin")), "a directory the pull made");
    assertEquals("rwxr-xr-x", mode(dir.resolve("bin/tools")));
    assertEquals("rwxr-xr-x", mode(dir.resolve("bin/tools/run.sh")), "remote 0777");
    assertEquals("rw-r--r--", mode(dir.resolve("etc/app.conf")), "remote 0666");
    assertEquals("rwx------", mode(dir.resolve(".fileconsul")));
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }
}
