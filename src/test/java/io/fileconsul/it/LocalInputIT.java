package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher decodes names as UTF-8 (LC_ALL=C.UTF-8) and runs with a bounded heap: what a
 * byte-invalid name and an ignore file linked to /dev/zero did there (exit 7 for every push, an
 * OutOfMemoryError and exit 1), black-box.
 */
class LocalInputIT {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @Test
  void aNameThatIsNotUtf8IsSkippedAndTheRestIsPushed(@TempDir Path share) throws Exception {
    sh(share, "printf x > \"$(printf 'bad\\377')\" && echo ok > good.txt");
    Shell fc = Shell.against(CONSUL.agent()).prefix("utf8").in(share);

    fc.$("push")
        .exits(0)
        .errIs("warning: skipping bad\ufffd: its name is not valid UTF-8, so it cannot be a key\n");
    assertEquals(List.of("utf8/good.txt"), CONSUL.kv().keys("utf8/"));
  }

  @Test
  void anIgnoreFileLinkedToDevZeroIsRefusedWithExitFour(@TempDir Path share) throws Exception {
    Files.createSymbolicLink(share.resolve(".fileconsulignore"), Path.of("/dev/zero"));
    Shell fc = Shell.against(CONSUL.agent()).prefix("zero").in(share);

    fc.$("status").exits(4).errContains(".fileconsulignore is a symlink");
  }

  private static void sh(Path dir, String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).inheritIO().start();
    assertEquals(0, p.waitFor(), script);
  }
}
