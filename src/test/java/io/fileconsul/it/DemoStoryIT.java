package io.fileconsul.it;

import static io.fileconsul.it.Trees.fingerprint;
import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.testing.DevAgent;
import io.fileconsul.testing.Kv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original fileconsul demo, run for real: a "server" and a "client" share directory kept in
 * sync through one prefix, with the bytes, modes and odd names checked in the files and in raw KV.
 */
class DemoStoryIT {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @Test
  void serverPushesClientPullsEditsAndPushesBack(@TempDir Path tmp) throws IOException {
    Path server = Files.createDirectories(tmp.resolve("server")).toRealPath();
    Path client = Files.createDirectories(tmp.resolve("client")).toRealPath();
    write(server, "etc/app.conf", "port = 80\n");
    write(server, "bin/run.sh", "#!/bin/sh\necho started\n".getBytes(StandardCharsets.UTF_8), 0755);
    Shell sh = Shell.against(CONSUL.agent()).prefix("demo");

    sh.in(server)
        .$("status --porcelain")
        .exits(1)
        .outIs("A. bin/run.sh\nA. etc/app.conf\n")
        .noErr();
    sh.in(server)
        .$("push")
        .exits(0)
        .noErr()
        .outIs(
            "Pushed 2 change(s) to prefix demo/ at "
                + CONSUL.agent().url()
                + ", share directory "
                + server
                + ":\n"
                + "\tnew file:         bin/run.sh\n"
                + "\tnew file:         etc/app.conf\n");
    Map<String, Kv.Entry> remote = CONSUL.kv().list("demo/");
    assertEquals(List.of("demo/bin/run.sh", "demo/etc/app.conf"), List.copyOf(remote.keySet()));
    assertEquals(0x4643_0000L | 0755, remote.get("demo/bin/run.sh").flags());
    assertEquals(0x4643_0000L | 0644, remote.get("demo/etc/app.conf").flags());
    assertEquals("port = 80\n", remote.get("demo/etc/app.conf").text());

    sh.in(client)
        .$("pull")
        .exits(0)
        .noErr()
        .outIs(
            "Pulled 2 change(s) from prefix demo/ at "
                + CONSUL.agent().url()
                + ", share directory "
                + client
                + ":\n"
                + "\tnew file:         bin/run.sh\n"
                + "\tnew file:         etc/app.conf\n");
    assertEquals(fingerprint(server), fingerprint(client));
    assertEquals(0755, Trees.mode(client.resolve("bin/run.sh")));
    sh.in(client).$("status").exits(0).noErr().outContains("Everything up to date");

    write(client, "etc/app.conf", "port = 8080\n");
    sh.in(client).$("status --porcelain").exits(1).outIs("M. etc/app.conf\n").noErr();
    sh.in(client).$("push").exits(0).noErr().outContains("\tmodified:         etc/app.conf\n");

    sh.in(server).$("status --porcelain").exits(1).outIs(".M etc/app.conf\n").noErr();
    sh.in(server)
        .$("diff")
        .exits(1)
        .noErr()
        .outContains(
            "--- remote/etc/app.conf\n",
            "+++ local/etc/app.conf\n",
            "-port = 8080\n",
            "+port = 80\n");
    sh.in(server).$("pull").exits(0).noErr().outContains("\tmodified:         etc/app.conf\n");
    assertEquals("port = 8080\n", Trees.text(server.resolve("etc/app.conf")));
    sh.in(server).$("status --porcelain").exits(0).outIs("").noErr();
    sh.in(client).$("status --porcelain").exits(0).outIs("").noErr();
    assertEquals(fingerprint(server), fingerprint(client));
    assertEquals(fingerprint(server), fingerprint(CONSUL.kv().list("demo/"), "demo"));
    assertEquals(0755, Trees.mode(server.resolve("bin/run.sh")));
  }

  /** Names Consul takes from a percent-decoded URL path, and bytes no text codec may touch. */
  private static final List<String> ODD_NAMES =
      List.of(
          "with space.txt",
          "hash#tag.txt",
          "q?mark.txt",
          "per%cent.txt",
          "literal%2Fslash.txt",
          "plus+and&amp=.txt",
          "café.txt",
          "日本語/ファイル.txt",
          "emoji 🎉.txt");

  @Test
  void binaryEmptyAndOddlyNamedFilesRoundTripByteForByte(@TempDir Path tmp) throws IOException {
    Path server = Files.createDirectories(tmp.resolve("server"));
    Path client = Files.createDirectories(tmp.resolve("client"));
    byte[] blob = new byte[70_000];
    new Random(42).nextBytes(blob);
    blob[0] = 0;
    blob[1] = 0;
    blob[blob.length - 1] = 0;
    write(server, "data/blob.bin", blob, 0644);
    write(server, "empty.txt", new byte[0], 0644);
    write(server, "keys/secret.key", "k".getBytes(StandardCharsets.UTF_8), 0600);
    write(server, "bin/tool.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0750);
    for (String name : ODD_NAMES) {
      write(
          server,
          name,
          ("contents of " + name + "\r\n\0end").getBytes(StandardCharsets.UTF_8),
          0644);
    }
    Shell sh = Shell.against(CONSUL.agent()).prefix("odd");

    Run push = sh.in(server).$("push").exits(0).noErr();
    assertEquals(
        fingerprint(server).keySet().stream()
            .map(p -> String.format("\t%-18s%s", "new file:", p))
            .collect(Collectors.toList()),
        push.outLines().subList(1, push.outLines().size()));

    Map<String, Kv.Entry> remote = CONSUL.kv().list("odd/");
    assertEquals(fingerprint(server), fingerprint(remote, "odd"));
    assertArrayEquals(blob, remote.get("odd/data/blob.bin").value());
    assertArrayEquals(new byte[0], remote.get("odd/empty.txt").value());
    assertEquals(0x4643_0000L | 0600, remote.get("odd/keys/secret.key").flags());
    assertEquals("contents of 日本語/ファイル.txt\r\n\0end", remote.get("odd/日本語/ファイル.txt").text());

    sh.in(client).$("pull").exits(0).noErr();
    assertEquals(fingerprint(server), fingerprint(client));
    assertArrayEquals(blob, Files.readAllBytes(client.resolve("data/blob.bin")));
    assertEquals(0, Files.size(client.resolve("empty.txt")));
    sh.in(client).$("status --porcelain").exits(0).outIs("").noErr();
    sh.in(server).$("status --porcelain").exits(0).outIs("").noErr();
  }

  /**
   * cron, systemd units and consul watch handlers often run with no LANG: the C locale. The JVM
   * then cannot map non-ASCII file names, so the launcher must still cope.
   */
  @Test
  void nonAsciiNamesSurviveTheCLocale(@TempDir Path tmp) throws IOException {
    Path server = Files.createDirectories(tmp.resolve("server"));
    Path client = Files.createDirectories(tmp.resolve("client"));
    write(server, "café.txt", "crème\n");
    write(server, "日本語/ファイル.txt", "内容\n");
    Shell sh = Shell.against(CONSUL.agent()).prefix("posix").env("LC_ALL", "C").env("LANG", "C");

    sh.in(server)
        .$("push")
        .exits(0)
        .noErr()
        .outContains("\tnew file:         café.txt\n", "\tnew file:         日本語/ファイル.txt\n");
    assertEquals(List.of("posix/café.txt", "posix/日本語/ファイル.txt"), CONSUL.kv().keys("posix/"));
    sh.in(client).$("pull").exits(0).noErr();
    assertEquals(fingerprint(server), fingerprint(client));
    sh.in(client).$("status --porcelain").exits(0).outIs("").noErr();
  }
}
