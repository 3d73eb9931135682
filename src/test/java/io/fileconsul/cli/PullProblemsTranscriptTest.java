package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.DevAgent;
import io.fileconsul.testing.Kv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls that meet keys they must not apply, or several problems at once, against a real agent:
 * every problem is named, and nothing that is not fileconsul's is touched.
 */
class PullProblemsTranscriptTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path dir;
  private String prefix;
  private Transcript node;

  @BeforeEach
  void oneNode() {
    prefix = "pp" + PREFIXES.incrementAndGet();
    node = new Transcript(CONSUL.agent().address(), dir, prefix);
  }

  @Test
  void aFilePullsWhereTheUserLeftOnlyEmptyDirectories() throws IOException {
    CONSUL.kv().put(prefix + "/a", "a file now\n");
    // What `rm a/b/c` leaves once a/b/c was a file: directories with nothing to sync in them.
    Files.createDirectories(dir.resolve("a/b"));
    assertEquals(".A a\n", node.run("status --porcelain").out());

    Transcript.Result r = node.run("pull");

    assertEquals(0, r.exit(), r.toString());
    assertEquals("a file now\n", Files.readString(dir.resolve("a")));
    assertEquals(0, node.run("status").exit());
  }

  @Test
  void aConflictIsStillReportedWhenAWriteInTheSamePullFails() throws IOException {
    CONSUL.kv().put(prefix + "/c.txt", "v1\n");
    assertEquals(0, node.run("pull").exit());
    Files.writeString(dir.resolve("c.txt"), "local edit\n");
    CONSUL.kv().put(prefix + "/c.txt", "remote edit\n");
    CONSUL.kv().put(prefix + "/x", "a file\n");
    // A directory where the key's file must go, holding only a symlink (never synced, so no
    // collision, and never removed): the rename fails (EISDIR), even as root.
    Files.createDirectories(dir.resolve("x"));
    Files.createSymbolicLink(dir.resolve("x/link"), Path.of("nowhere"));

    Transcript.Result r = node.run("pull");

    assertEquals(7, r.exit(), "the failure's code stands: " + r);
    assertTrue(r.err().startsWith("warning: skipping symlink x/link"), r.toString());
    List<String> lines = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(2, lines.size(), r.toString());
    assertEquals(
        "error: 1 path(s) changed on both sides were left alone: c.txt; compare with"
            + " 'fileconsul diff', then 'fileconsul pull --force' to keep the remote version",
        lines.get(0));
    assertTrue(lines.get(1).startsWith("error: 1 file(s) could not be written: x ("), lines.get(1));
    assertEquals("local edit\n", Files.readString(dir.resolve("c.txt")));
  }

  @Test
  void keysHeldByASessionOrAConsulLockAreNeverPulledOverwrittenOrDeleted() throws IOException {
    String session = CONSUL.kv().createSession();
    assertTrue(CONSUL.kv().acquire(prefix + "/leader", "node-1\n", session));
    // What `consul lock` leaves: its lock key with the lock Flags, and a semaphore's.
    CONSUL.kv().putWithFlags(prefix + "/svc/.lock", "{}", 0x2ddccbc058a50c18L);
    CONSUL.kv().putWithFlags(prefix + "/sem/.lock", "{}", 0xe0f69a2baa414de0L);
    CONSUL.kv().put(prefix + "/app.conf", "port = 80\n");

    Transcript.Result pull = node.run("pull");
    assertEquals(0, pull.exit(), pull.toString());
    assertTrue(Files.exists(dir.resolve("app.conf")));
    assertFalse(Files.exists(dir.resolve("leader")), "a session's key was pulled as a file");
    assertFalse(Files.exists(dir.resolve("svc/.lock")), "a lock key was pulled as a file");
    assertFalse(Files.exists(dir.resolve("sem/.lock")), "a semaphore key was pulled as a file");

    assertEquals(
        new Transcript.Result(
            0,
            """
        On prefix %s/ at http://<addr>, share directory <dir>
        Everything up to date: the share directory and the prefix are in sync.
        Not managed (held by a Consul session or lock; never pulled, pushed or deleted):
        \tleader
        \tsem/.lock
        \tsvc/.lock
        """
                .formatted(prefix),
            ""),
        node.run("status"));
    assertEquals(new Transcript.Result(0, "", ""), node.run("status --porcelain"));

    // A local file at a lock key's path is not pushed over it, and a mirroring push keeps them.
    Files.writeString(dir.resolve("leader"), "an impostor\n");
    Transcript.Result prune = node.run("push --prune --force");
    assertEquals(0, prune.exit(), prune.toString());
    Kv.Entry leader = CONSUL.kv().get(prefix + "/leader").orElseThrow();
    assertEquals("node-1\n", leader.text());
    assertEquals(session, leader.session());
    assertEquals(0x2ddccbc058a50c18L, CONSUL.kv().get(prefix + "/svc/.lock").orElseThrow().flags());
    assertTrue(CONSUL.kv().get(prefix + "/sem/.lock").isPresent());
  }

  @Test
  void aFreshNodesFirstPullObeysTheRemoteIgnoreFileItInstalls() throws IOException {
    CONSUL.kv().put(prefix + "/.fileconsulignore", "node-local/\n*.bak\n");
    CONSUL.kv().put(prefix + "/app.conf", "port = 80\n");
    CONSUL.kv().put(prefix + "/node-local/id", "somebody else's\n");
    CONSUL.kv().put(prefix + "/old.bak", "backup\n");

    Transcript.Result first = node.run("pull");
    assertEquals(0, first.exit(), first.toString());
    assertEquals("node-local/\n*.bak\n", Files.readString(dir.resolve(".fileconsulignore")));
    assertTrue(Files.exists(dir.resolve("app.conf")));
    assertFalse(Files.exists(dir.resolve("node-local")), "pulled what the ignore file excludes");
    assertFalse(Files.exists(dir.resolve("old.bak")), "pulled what the ignore file excludes");
    assertEquals(new Transcript.Result(0, "", ""), node.run("status --porcelain"));

    // The cluster stops ignoring *.bak: the pull that installs that version still obeys both
    // (a push at that moment must not upload what the local version excludes), the next one the
    // new version alone.
    CONSUL.kv().put(prefix + "/.fileconsulignore", "node-local/\n");
    Transcript.Result second = node.run("pull");
    assertEquals(0, second.exit(), second.toString());
    assertEquals("node-local/\n", Files.readString(dir.resolve(".fileconsulignore")));
    assertFalse(Files.exists(dir.resolve("old.bak")));
    Transcript.Result third = node.run("pull");
    assertEquals(0, third.exit(), third.toString());
    assertEquals("backup\n", Files.readString(dir.resolve("old.bak")));
    assertFalse(Files.exists(dir.resolve("node-local")));
  }

  @Test
  void keysAAndABAreANamedConflictOnEveryRunNotAFailedWrite() throws IOException {
    CONSUL.kv().put(prefix + "/a", "a file\n");
    CONSUL.kv().put(prefix + "/a/b", "a file in a directory\n");
    String clash =
        "error: 1 path(s) are a file and a directory at once: a; delete or rename one of"
            + " each pair (in Consul with 'consul kv delete', or in the share directory)\n";

    for (int run = 1; run <= 2; run++) {
      Transcript.Result r = node.run("pull --quiet");
      assertEquals(new Transcript.Result(3, "", clash), r, "run " + run);
      assertEquals("a file in a directory\n", Files.readString(dir.resolve("a/b")));
    }
    assertEquals(3, node.run("pull --force --quiet").exit(), "--force cannot settle it");
    assertTrue(node.run("status").out().contains("\tfile/directory:   a\n"));

    CONSUL.kv().delete(prefix + "/a");
    assertEquals(new Transcript.Result(0, "", ""), node.run("pull"));
  }

  @Test
  void fileconsulsOwnDirectoryIsNeverFollowedOutsideNorReadThroughAFifo(@TempDir Path elsewhere)
      throws Exception {
    CONSUL.kv().put(prefix + "/a.txt", "a\n");
    Files.createSymbolicLink(dir.resolve(".fileconsul"), elsewhere);

    Transcript.Result refused = node.run("pull");
    assertEquals(7, refused.exit(), refused.toString());
    assertTrue(
        refused.err().contains(".fileconsul is a symlink, and symlinks are never followed"),
        refused.err());
    try (var outside = Files.list(elsewhere)) {
      assertEquals(List.of(), outside.toList(), "pull wrote its lock or record outside");
    }

    Files.delete(dir.resolve(".fileconsul"));
    assertEquals(0, node.run("pull").exit());
    Path record;
    try (var files = Files.list(dir.resolve(".fileconsul"))) {
      record =
          files
              .filter(p -> p.getFileName().toString().startsWith("state-"))
              .findFirst()
              .orElseThrow();
    }
    Files.delete(record);
    assertEquals(0, new ProcessBuilder("mkfifo", record.toString()).start().waitFor());
    Transcript.Result status =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(20),
            () -> node.run("status --porcelain"),
            "a FIFO in place of the sync record hung status");
    assertEquals(0, status.exit(), status.toString());
    assertTrue(status.err().startsWith("warning: the sync record "), status.err());
  }

  @Test
  void anEmptyTempDirectoryOfAKilledPullIsRemovedButOneHoldingFilesIsKept() throws IOException {
    // What a pull killed between making a directory and moving it into place leaves behind.
    Path empty = Files.createDirectory(dir.resolve(".fileconsul-0123456789abcdef.tmp"));
    Path full = Files.createDirectory(dir.resolve(".fileconsul-fedcba9876543210.tmp"));
    Files.writeString(full.resolve("notes.txt"), "not fileconsul's\n");
    CONSUL.kv().put(prefix + "/a.txt", "a\n");

    Transcript.Result r = node.run("pull --quiet");
    assertEquals(0, r.exit(), r.toString());
    assertFalse(Files.exists(empty), "the empty temp directory is a leftover");
    assertEquals("not fileconsul's\n", Files.readString(full.resolve("notes.txt")));
    assertTrue(r.err().startsWith("warning: cannot remove the leftover temp file "), r.err());
    assertEquals(
        new Transcript.Result(0, "", ""),
        node.run("status --porcelain"),
        "leftovers are never synced, and status does not warn about them");
  }

  @Test
  void aLocalFileWhereTheStoreHasADirectoryIsACollisionNotAFailedWriteOrAPushedClash()
      throws IOException {
    Files.writeString(dir.resolve("conf"), "a file here\n");
    CONSUL.kv().put(prefix + "/conf/x", "a directory there\n");

    Transcript.Result pull = node.run("pull --quiet");
    assertEquals(3, pull.exit(), pull.toString());
    assertTrue(
        pull.err().contains("are a file and a directory at once: conf, conf/x;"), pull.err());
    Transcript.Result push = node.run("push --quiet");
    assertEquals(3, push.exit(), push.toString());
    assertFalse(CONSUL.kv().get(prefix + "/conf").isPresent(), "push made the clash everyone's");
    assertEquals("a file here\n", Files.readString(dir.resolve("conf")));
  }

  @Test
  void aTempNamedDirectoryKeyIsUnsafeSoNoPushEverDeletesIt() {
    CONSUL.kv().put(prefix + "/.fileconsul-0123456789abcdef.tmp/x", "x\n");
    Transcript.Result pull = node.run("pull");
    assertEquals(0, pull.exit(), pull.toString());
    assertTrue(pull.err().contains("skipping unsafe key"), pull.err());
    assertEquals(0, node.run("push").exit());
    assertTrue(CONSUL.kv().get(prefix + "/.fileconsul-0123456789abcdef.tmp/x").isPresent());
  }

  @Test
  void aPushNeverUploadsWhatTheLocalIgnoreFileExcludesWhileTheRemoteOneChanged()
      throws IOException {
    Files.writeString(dir.resolve(".fileconsulignore"), "*.bak\n");
    Files.writeString(dir.resolve("app.conf"), "port = 80\n");
    assertEquals(0, node.run("push").exit());
    CONSUL.kv().delete(prefix + "/.fileconsulignore"); // the cluster drops its ignore file
    Files.writeString(dir.resolve("secrets.bak"), "not for the cluster\n");

    Transcript.Result push = node.run("push");
    assertEquals(0, push.exit(), push.toString());
    assertFalse(
        CONSUL.kv().get(prefix + "/secrets.bak").isPresent(),
        "push uploaded a file the local ignore file excludes");
  }

  @Test
  void aStateDirectoryOfAnotherUserOrAFifoLockIsRefusedNotTrustedOrWaitedOn() throws Exception {
    CONSUL.kv().put(prefix + "/a.txt", "a\n");
    assertEquals(0, node.run("pull").exit());
    Path state = dir.resolve(".fileconsul");
    java.nio.file.attribute.UserPrincipal nobody =
        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    java.nio.file.attribute.UserPrincipal me = Files.getOwner(state);
    Files.setOwner(state, nobody); // whoever owns it could plant a record that deletes files

    Transcript.Result stranger = node.run("pull");
    assertEquals(7, stranger.exit(), stranger.toString());
    assertTrue(
        stranger
            .err()
            .contains(
                ".fileconsul belongs to nobody, not to the user running"
                    + " fileconsul; remove it or chown it"),
        stranger.err());

    Files.setOwner(state, me);
    Files.delete(state.resolve("lock"));
    assertEquals(
        0, new ProcessBuilder("mkfifo", state.resolve("lock").toString()).start().waitFor());
    Transcript.Result fifo =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(20), () -> node.run("pull"), "a FIFO lock hung pull");
    assertEquals(7, fifo.exit(), fifo.toString());
    assertTrue(fifo.err().contains(".fileconsul/lock is not a regular file"), fifo.err());
  }
}
