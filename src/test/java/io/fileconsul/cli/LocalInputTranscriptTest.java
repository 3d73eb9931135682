package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile things in the share directory (special files, odd names, a synced ignore file that is not
 * a plain file), against a real agent. Runs that could hang are guarded by a timeout.
 */
class LocalInputTranscriptTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path dir;
  private String prefix;
  private Transcript fc;

  @BeforeEach
  void shareDirectory() {
    prefix = "local" + PREFIXES.incrementAndGet();
    fc = new Transcript(CONSUL.agent().address(), dir, prefix);
  }

  @Test
  void aFifoAtARemotePathIsAConflictThatNoCommandOpens() throws Exception {
    CONSUL.kv().put(prefix + "/pipe", "remote\n");
    CONSUL.kv().put(prefix + "/other", "o\n");
    sh("mkfifo pipe");
    String warning =
        "warning: not syncing pipe: it is a FIFO, not a regular file; push skips it and"
            + " pull never replaces it, even with --force (remove it, or list it in .fileconsulignore)\n";

    assertEquals(
        new Transcript.Result(
            1,
            ".A other\nAA pipe\n",
            warning
                + "warning: no sync record"
                + " yet for http://<addr> prefix "
                + prefix
                + ": files that differ on the two sides show as"
                + " conflicts until one side wins\n"),
        run("status --porcelain"));
    Transcript.Result pull = run("pull");
    assertEquals(3, pull.exit(), pull.toString());
    assertTrue(pull.err().startsWith(warning), pull.toString());
    assertTrue(Files.exists(dir.resolve("other")), "the rest is applied");
    assertEquals(3, run("pull --force").exit());
    assertTrue(isFifo(dir.resolve("pipe")), "pull never replaces a FIFO");

    assertEquals(
        new Transcript.Result(
            1, "Not compared: local/pipe is a FIFO, not a regular file\n", warning),
        run("diff"));
    assertEquals(0, run("push --force").exit(), "push skips it rather than read it");
    assertEquals("remote\n", CONSUL.kv().get(prefix + "/pipe").orElseThrow().text());
  }

  @Test
  void aLocalOnlyFifoIsNeverPushed() throws Exception {
    sh("mkfifo pipe && echo x > a.txt");

    Transcript.Result push = run("push");

    assertEquals(0, push.exit(), push.toString());
    assertEquals(List.of(prefix + "/a.txt"), CONSUL.kv().keys(prefix + "/"));
  }

  @Test
  void aCharacterDeviceAtARemotePathIsNeverReplacedEvenWithForce() throws Exception {
    CONSUL.kv().put(prefix + "/null", "remote\n");
    sh("mknod null c 1 3"); // the tests run as root, as fileconsul often does

    assertEquals("AA null\n", run("status --porcelain").out());
    assertEquals(3, run("pull").exit());
    assertEquals(3, run("pull --force").exit());

    assertTrue(
        Files.readAttributes(dir.resolve("null"), "unix:mode", LinkOption.NOFOLLOW_LINKS)
                    .get("mode")
                instanceof Integer m
            && (m & 0170000) == 0020000,
        "still a character device");
  }

  @Test
  void aFifoNamedLikeTheIgnoreFileRefusesInsteadOfHanging() throws Exception {
    sh("mkfifo .fileconsulignore");

    Transcript.Result r = run("status");

    assertEquals(4, r.exit(), r.toString());
    assertTrue(r.err().startsWith("error: <dir>/.fileconsulignore is not a regular file"), r.err());
  }

  @Test
  void anIgnoreFileSymlinkIsRefusedNotFollowed(@TempDir Path outside) throws Exception {
    Files.writeString(outside.resolve("rules"), "a.txt\n");
    Files.writeString(dir.resolve("a.txt"), "a");
    Files.createSymbolicLink(dir.resolve(".fileconsulignore"), outside.resolve("rules"));

    Transcript.Result r = run("push");

    assertEquals(4, r.exit(), r.toString());
    assertTrue(
        r.err().contains(".fileconsulignore is a symlink, and symlinks are never followed"),
        r.err());
    assertEquals(List.of(), CONSUL.kv().keys(prefix + "/"), "nothing pushed");
  }

  @Test
  void anIgnoreFileLinkedToDevZeroIsRefusedNotRead() throws Exception {
    Files.createSymbolicLink(dir.resolve(".fileconsulignore"), Path.of("/dev/zero"));
    assertEquals(4, run("status").exit());
  }

  @Test
  void aPathologicalIgnoreRuleFromConsulDoesNotPinTheCpu() throws Exception {
    CONSUL.kv().put(prefix + "/.fileconsulignore", "*a".repeat(12) + "*b\n");
    CONSUL.kv().put(prefix + "/" + "a".repeat(200), "x");
    assertEquals(0, run("pull").exit());

    assertEquals(new Transcript.Result(0, "", ""), run("status --porcelain"));
  }

  @Test
  void aNameThatIsNotUtf8IsSkippedWithAWarningAndTheRestIsPushed() throws Exception {
    sh("printf x > \"$(printf 'bad\\377')\" && echo ok > good.txt");

    Transcript.Result push = run("push");

    assertEquals(0, push.exit(), push.toString());
    assertEquals(
        "warning: skipping bad\ufffd: its name is not valid UTF-8, so it cannot be a key\n",
        push.err());
    assertEquals(List.of(prefix + "/good.txt"), CONSUL.kv().keys(prefix + "/"));
    assertEquals(0, run("diff").exit(), "nothing else differs, and diff reads nothing it can't");
  }

  @Test
  void aLocalPathLongerThanPathMaxIsSkippedWithAWarning() throws Exception {
    // Built with relative cd's, since no single path this long can be passed to mkdir.
    String name = "d".repeat(250);
    sh(
        "echo ok > good.txt; for i in $(seq 17); do mkdir "
            + name
            + " && cd -P "
            + name
            + " || exit 1; done; echo deep > f");
    try {
      Transcript.Result push = run("push");

      assertEquals(0, push.exit(), push.toString());
      assertTrue(push.err().startsWith("warning: skipping " + (name + "/").repeat(16)), push.err());
      assertEquals(List.of(prefix + "/good.txt"), CONSUL.kv().keys(prefix + "/"));
    } finally {
      sh("rm -rf " + name); // @TempDir's cleanup cannot delete what it cannot open
    }
  }

  @Test
  void aRemoteKeyTooLongForTheShareDirectoryIsRefusedBeforeAnyDirectoryIsMade() throws Exception {
    int room = 4095 - dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length - 1;
    String segment = "s".repeat(200);
    StringBuilder path = new StringBuilder();
    while (path.length() + segment.length() + 1 <= room) {
      path.append(segment).append('/');
    }
    path.append("f".repeat(room - path.length() + 1)); // one byte over
    CONSUL.kv().put(prefix + "/" + path, "x");
    CONSUL.kv().put(prefix + "/ok.txt", "ok");

    Transcript.Result pull = run("pull");

    assertEquals(0, pull.exit(), pull.toString());
    assertTrue(
        pull.err()
            .contains("path of 4096 bytes with the share directory, over the 4095-byte" + " limit"),
        pull.err());
    assertEquals(List.of(".fileconsul", "ok.txt"), names(dir));
  }

  @Test
  void namesThatCouldFoolATerminalAreQuotedAsGitDoes() throws Exception {
    Files.writeString(dir.resolve("evil\u202etxt.exe"), "x");
    Files.writeString(dir.resolve("line\u2028sep"), "x");
    Files.writeString(dir.resolve("say \"hi\""), "x");

    assertEquals(
        new Transcript.Result(
            1,
            """
        A. "evil\\342\\200\\256txt.exe"
        A. "line\\342\\200\\250sep"
        A. "say \\"hi\\""
        """,
            ""),
        run("status --porcelain"));
    assertTrue(run("push").out().contains("\tnew file:         \"evil\\342\\200\\256txt.exe\"\n"));
  }

  @Test
  void pathsAreSortedInByteOrderAsGitSortsThem() throws Exception {
    Files.writeString(dir.resolve("\ud83d\ude00"), "x"); // U+1F600: F0 9F 98 80
    Files.writeString(dir.resolve("\ue000"), "x"); // U+E000: EE 80 80, so first in byte order

    assertEquals(
        new Transcript.Result(1, "A. \ue000\nA. \ud83d\ude00\n", ""), run("status --porcelain"));
  }

  /** Runs one command, failing instead of hanging the build if it blocks. */
  private Transcript.Result run(String cmdline) {
    Supplier<Transcript.Result> r = () -> fc.run(cmdline);
    return assertTimeoutPreemptively(HANG_GUARD, r::get, () -> cmdline + " hung");
  }

  private void sh(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).inheritIO().start();
    assertEquals(0, p.waitFor(), script);
  }

  private static boolean isFifo(Path p) throws IOException {
    return Files.readAttributes(p, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode")
            instanceof Integer m
        && (m & 0170000) == 0010000;
  }

  private static List<String> names(Path p) throws IOException {
    try (var s = Files.list(p)) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    }
  }
}
