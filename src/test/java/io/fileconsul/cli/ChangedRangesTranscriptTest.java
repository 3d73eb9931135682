package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: when the prefix's index moved since the record, only the key ranges whose index moved
 * are read with their values (app/ChangedRanges), against a real agent. 300 files in folders, so
 * that a change is found by splitting ranges, not by reading them all; every kind of change is
 * seen, and a push leaves a record the next run can walk from.
 */
class ChangedRangesTranscriptTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final Pattern WALKED =
      Pattern.compile("debug: (\\d+) key range\\(s\\) whose index moved were read");
  private static final Pattern REQUESTS = Pattern.compile("debug: (\\d+) HTTP request");
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  /** 16 KiB a file, 4.7 MiB in all: above ChangedRanges.MIN_BYTES, so the walk pays. */
  private static final String FILLER = "#".repeat(16 * 1024);

  @TempDir Path dir;
  private String prefix;
  private Transcript node;

  @BeforeEach
  void aSyncedNodeOf300Files() throws IOException {
    prefix = "cr" + PREFIXES.incrementAndGet();
    node = new Transcript(CONSUL.agent().address(), dir, prefix);
    for (int i = 0; i < 300; i++) {
      Path f = dir.resolve("d" + i % 3 + "/e" + i % 5 + "/f" + i + ".conf");
      Files.createDirectories(f.getParent());
      Files.writeString(f, "file " + i + "\n" + FILLER);
    }
    Files.writeString(dir.resolve("top.txt"), "top\n");
    assertEquals(0, node.run("push --quiet").exit());
    assertEquals(0, node.run("pull --quiet").exit()); // a record exact at the listing's index
  }

  @Test
  void aRemoteChangeDeepInTheTreeIsReadInItsRangeAlone() {
    CONSUL.kv().put(prefix + "/d1/e2/f7.conf", "changed there\n");

    Transcript.Result r = status();

    assertEquals(".M d1/e2/f7.conf\n", r.out(), r.toString());
    assertEquals(1, walked(r), r.err());
    assertTrue(requests(r) < 20, "a handful of range indexes, not every value: " + r.err());
  }

  @Test
  void everyKindOfRemoteChangeIsSeen() {
    CONSUL.kv().delete(prefix + "/d0/e0/f0.conf");
    CONSUL.kv().put(prefix + "/d2/e4/new.conf", "new\n");
    CONSUL.kv().putWithFlags(prefix + "/d0/e1/f6.conf", "file 6\n" + FILLER, 0x4643_0000L | 0755);
    CONSUL.kv().delete(prefix + "/top.txt");
    CONSUL.kv().put(prefix + "/top.txt", "top\n"); // the same bytes again, at a new index

    Transcript.Result r = status();

    assertEquals(".D d0/e0/f0.conf\n.M d0/e1/f6.conf\n.A d2/e4/new.conf\n", r.out(), r.toString());
    assertTrue(walked(r) >= 1, r.err());
    assertEquals(0, node.run("pull --quiet").exit());
    assertEquals("", status().out());
  }

  @Test
  void afterAPushTheNextRunReadsOnlyTheRangeOfWhatItWroteAndSeesAnotherWriter() throws IOException {
    Files.writeString(dir.resolve("d2/e0/f5.conf"), "mine\n");
    assertEquals(0, node.run("push --quiet").exit());

    Transcript.Result mine = status();
    assertEquals("", mine.out(), mine.toString());
    assertEquals(1, walked(mine), "the range of the pushed key, to learn it is ours: " + mine);

    Files.writeString(dir.resolve("d1/e1/f1.conf"), "mine again\n");
    assertEquals(0, node.run("push --quiet").exit());
    CONSUL.kv().put(prefix + "/d0/e3/f3.conf", "theirs\n");
    Transcript.Result both = status();
    assertEquals(".M d0/e3/f3.conf\n", both.out(), both.toString());
    assertEquals(2, walked(both), "the pushed key's range and theirs: " + both);

    // That status left their change unapplied: the record is not the remote, so the next run
    // reads everything, and still sees it.
    Transcript.Result again = status();
    assertEquals(".M d0/e3/f3.conf\n", again.out(), again.toString());
    assertEquals(0, walked(again), again.err());
  }

  private Transcript.Result status() {
    Transcript.Result r = node.run("status --porcelain --debug");
    assertEquals(r.out().isEmpty() ? 0 : 1, r.exit(), "1 when something differs: " + r);
    return r;
  }

  private static int walked(Transcript.Result r) {
    Matcher m = WALKED.matcher(r.err());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static int requests(Transcript.Result r) {
    Matcher m = REQUESTS.matcher(r.err());
    assertTrue(m.find(), r.err());
    return Integer.parseInt(m.group(1));
  }
}
