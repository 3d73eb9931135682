package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: a new file (no record entry) that settled before the run is not hashed by the scan. Its
 * hash is taken when a key at its path must be compared with it, and by push from the bytes it
 * uploads. Against a real agent: every comparison still sees the bytes, and the record a push
 * leaves holds their hash. The runs' clock is an hour ahead, so every file here counts as settled.
 */
class NewFilesUnhashedTranscriptTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path first;
  @TempDir Path second;
  private String prefix;
  private Transcript pusher;
  private Transcript node;

  @BeforeEach
  void keysPushedFromAnotherNode() throws IOException {
    prefix = "nu" + PREFIXES.incrementAndGet();
    pusher = new Transcript(CONSUL.agent().address(), first, prefix);
    Files.writeString(first.resolve("same.txt"), "same\n");
    Files.writeString(first.resolve("differs.txt"), "theirs\n");
    Files.writeString(first.resolve("remote-only.txt"), "r\n");
    assertEquals(0, pusher.run("push -q").exit());
    node =
        new Transcript(CONSUL.agent().address(), second, prefix)
            .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
    Files.writeString(second.resolve("same.txt"), "same\n");
    Files.writeString(second.resolve("differs.txt"), "mine!!\n"); // the size of "theirs\n"
    Files.writeString(second.resolve("local-only.txt"), "l\n");
  }

  /** same.txt in sync: unhashed, it would have been a conflict (AA) like differs.txt. */
  @Test
  void aFirstStatusComparesTheFilesKeysShareAPathWith() {
    assertEquals(
        new Transcript.Result(
            1, "AA differs.txt\nA. local-only.txt\n.A remote-only.txt\n", noRecord(prefix)),
        node.run("status --porcelain"));
  }

  /**
   * The record's hash is checked by touching the file: its stamp then differs from the record's, so
   * the next scan hashes it and compares with the record. A wrong hash would show it modified.
   */
  @Test
  void aFirstPushRecordsTheHashOfWhatItUploaded() throws IOException {
    assertEquals(
        new Transcript.Result(
            3,
            "",
            noRecord(prefix)
                + "error: 1 path(s) changed on both sides were left alone: differs.txt; compare"
                + " with 'fileconsul diff', then 'fileconsul push --force' to keep the local"
                + " version\n"),
        node.run("push -q"));
    assertEquals("l\n", CONSUL.kv().get(prefix + "/local-only.txt").orElseThrow().text());
    Path local = second.resolve("local-only.txt");
    Files.setLastModifiedTime(local, FileTime.fromMillis(System.currentTimeMillis() - 60_000));

    assertEquals(
        new Transcript.Result(1, "AA differs.txt\n.A remote-only.txt\n", ""),
        node.run("status --porcelain"));
  }

  private static String noRecord(String prefix) {
    return "warning: no sync record yet for http://<addr> prefix "
        + prefix
        + ": files that differ on the two sides show as conflicts until one side wins\n";
  }
}
