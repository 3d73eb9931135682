package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.sync.ModeFlags;
import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 2: a file's synced mode is (mode | 0600) & ~0022 on both sides, whatever the umask,
 * and a pulled file is never readable by other users before it has its final mode.
 */
class FileModePolicyTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path dir;
  private String prefix;
  private Transcript t;

  @BeforeEach
  void shareDirectory() {
    prefix = "modes" + PREFIXES.incrementAndGet();
    t = new Transcript(CONSUL.agent().address(), dir, prefix);
  }

  @Test
  void remoteModesWithoutOwnerAccessOrWithGroupWritePullNormalizedAndStayInSync()
      throws IOException {
    put("locked", 0000);
    put("open.sh", 0777);
    put("shared", 0666);

    assertEquals(new Transcript.Result(0, "", ""), t.run("pull -q"));

    assertEquals("rw-------", mode("locked")); // was ---------: a non-root node was locked out
    assertEquals("rwxr-xr-x", mode("open.sh")); // was rwxrwxrwx: any local user could edit it
    assertEquals("rw-r--r--", mode("shared"));
    assertEquals(new Transcript.Result(0, "", ""), t.run("status --porcelain"));
    assertEquals(new Transcript.Result(0, "", ""), t.run("pull"));
  }

  @Test
  void aLocalGroupWritableFileIsContentMode0644AndDoesNotFlap() throws IOException {
    Files.writeString(dir.resolve("a.conf"), "x\n");
    Files.setPosixFilePermissions(
        dir.resolve("a.conf"), PosixFilePermissions.fromString("rw-rw-r--"));
    assertEquals(0, t.run("push -q").exit());
    assertEquals(ModeFlags.encode(0644), CONSUL.kv().get(prefix + "/a.conf").orElseThrow().flags());

    Files.setPosixFilePermissions(
        dir.resolve("a.conf"), PosixFilePermissions.fromString("rw-rw-rw-"));

    assertEquals(new Transcript.Result(0, "", ""), t.run("status --porcelain"));
  }

  @Test
  void aPulledSecretIsNeverReadableByOthersWhileItIsWritten() throws Exception {
    byte[] big = new byte[400 * 1024];
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger seen = new AtomicInteger(); // temp files observed
    AtomicInteger exposed = new AtomicInteger(); // of which readable by group or other
    Thread snooper =
        new Thread(
            () -> {
              while (!done.get()) {
                try (Stream<Path> s = Files.list(dir)) {
                  for (Path p : (Iterable<Path>) s::iterator) {
                    // Files only: a directory being made is empty until it is moved into place.
                    if (p.getFileName().toString().endsWith(".tmp")
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                      Set<PosixFilePermission> perms =
                          Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                      seen.incrementAndGet();
                      if (perms.contains(PosixFilePermission.GROUP_READ)
                          || perms.contains(PosixFilePermission.OTHERS_READ)) {
                        exposed.incrementAndGet();
                      }
                    }
                  }
                } catch (NoSuchFileException e) {
                  // renamed between the listing and the stat: the race this thread is looking for
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            });
    snooper.start();
    int pulls = 0;
    try {
      for (; pulls < 150 && (pulls < 20 || seen.get() == 0); pulls++) {
        big[0] = (byte) pulls;
        put("secret.key", big, 0600);
        assertEquals(0, t.run("pull -q").exit());
      }
    } finally {
      done.set(true);
      snooper.join();
    }
    System.out.printf(
        "FIGURES temp-file-mode: pulls=%d temp-files-seen=%d group-or-other-readable=%d%n",
        pulls, seen.get(), exposed.get());
    assertEquals("rw-------", mode("secret.key"));
    assertTrue(seen.get() > 0, "the snooper never saw a temp file, so it proved nothing");
    assertEquals(0, exposed.get(), "temp files readable by group or other");
  }

  @Test
  void theSyncRecordAndItsDirectoryAreTheOwnersAlone() throws Exception {
    put("secret.key", 0600);
    Files.createDirectory(
        dir.resolve(".fileconsul"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertEquals(0, t.run("pull -q").exit());

    // The record holds every file's SHA-256, the secret's too: nobody else may read it.
    assertEquals(
        "rwx------", mode(".fileconsul"), "an older version's 0755 directory is tightened");
    try (Stream<Path> files = Files.list(dir.resolve(".fileconsul"))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        assertEquals("rw-------", mode(".fileconsul/" + p.getFileName()), p.toString());
      }
    }
  }

  private void put(String path, int mode) {
    put(path, (path + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), mode);
  }

  /** A plain PUT with ?flags=, as another node's push of a file with that mode would set them. */
  private void put(String path, byte[] value, int mode) {
    assertEquals(
        200,
        CONSUL
            .kv()
            .send(
                "PUT", "/v1/kv/" + prefix + "/" + path + "?flags=" + ModeFlags.encode(mode), value)
            .statusCode());
  }

  private String mode(String path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(path)));
  }
}
