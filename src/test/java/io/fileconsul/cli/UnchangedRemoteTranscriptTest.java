package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, lever 1: when the prefix's index and keys are what the record last saw, the remote side
 * comes from the record and no value is read. Every way the remote can change since must still be
 * seen, against a real agent.
 */
class UnchangedRemoteTranscriptTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final String FROM_RECORD = "debug: the remote side is the sync record's";
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path dir;
  private String prefix;
  private Transcript node;

  @BeforeEach
  void aSyncedNode() throws IOException {
    prefix = "ur" + PREFIXES.incrementAndGet();
    node = new Transcript(CONSUL.agent().address(), dir, prefix);
    Files.writeString(dir.resolve("a.txt"), "a\n");
    Files.writeString(dir.resolve("b.txt"), "b\n");
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(dir.resolve("etc/c.conf"), "c\n");
    assertEquals(0, node.run("push").exit());
    // After a push the prefix's index is the push's, newer than the record's: this status reads
    // the range of what it wrote (ChangedRanges), so the remote is not the record's alone.
    Transcript.Result first = node.run("status --porcelain --debug");
    assertEquals(0, first.exit(), first.toString());
    assertFalse(first.err().contains(FROM_RECORD), first.err());
  }

  private Transcript.Result status() {
    return node.run("status --porcelain --debug");
  }

  @Test
  void anInSyncStatusReadsNoValue() {
    Transcript.Result r = status();
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().contains(FROM_RECORD), r.err());
    assertTrue(
        r.err().endsWith("debug: 3 HTTP request(s) to http://<addr>\n"),
        "the store's identity and one key listing: " + r.err());
  }

  /**
   * A value too large for a transaction goes alone as a PUT, which answers no index, so the push
   * reads it back (with ?raw, whose X-Consul-Index is the key's ModifyIndex): the record holds the
   * key's index, not 0 (unknown), so the next run need not read the value.
   */
  @Test
  void aValuePushedAloneIsRecordedAtItsKeysIndex() throws IOException {
    byte[] big = new byte[450 * 1024];
    new java.util.Random(9).nextBytes(big);
    Files.write(dir.resolve("big.bin"), big);

    assertEquals(0, node.run("push").exit());

    long keys = CONSUL.kv().get(prefix + "/big.bin").orElseThrow().modifyIndex();
    assertEquals(keys, recordedIndex("big.bin"));
  }

  /** The modifyIndex the sync record holds for {@code path} (the record's JSON, as written). */
  private long recordedIndex(String path) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(dir.resolve(".fileconsul"))) {
      Path record =
          files.filter(p -> p.getFileName().toString().startsWith("state-")).findFirst().get();
      return com.google.gson.JsonParser.parseString(Files.readString(record))
          .getAsJsonObject()
          .getAsJsonObject("files")
          .getAsJsonObject(path)
          .get("modifyIndex")
          .getAsLong();
    }
  }

  @Test
  void aLocalEditIsSeenWhileTheRemoteComesFromTheRecord() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "edited\n");
    Transcript.Result r = status();
    assertEquals("M. a.txt\n", r.out(), r.toString());
    assertTrue(r.err().contains(FROM_RECORD), r.err());
  }

  @Test
  void everyRemoteChangeFallsBackToTheFullListingAndIsSeen() {
    CONSUL.kv().put(prefix + "/a.txt", "changed there\n");
    assertEquals(".M a.txt\n", fullStatus());

    CONSUL.kv().delete(prefix + "/b.txt");
    assertEquals(".M a.txt\n.D b.txt\n", fullStatus());

    CONSUL.kv().put(prefix + "/new.txt", "new\n");
    assertEquals(".M a.txt\n.D b.txt\n.A new.txt\n", fullStatus());

    // Flags alone: the mode changes, and so does the key's index.
    CONSUL.kv().putWithFlags(prefix + "/etc/c.conf", "c\n", 0x4643_0000L | 0755);
    assertEquals(".M a.txt\n.D b.txt\n.M etc/c.conf\n.A new.txt\n", fullStatus());
  }

  @Test
  void aKeyDeletedAndMadeAgainWithTheSameBytesIsReadAgain() {
    CONSUL.kv().delete(prefix + "/b.txt");
    CONSUL.kv().put(prefix + "/b.txt", "b\n"); // same content, a new index
    Transcript.Result r = status();
    assertEquals(0, r.exit(), r.toString());
    assertFalse(r.err().contains(FROM_RECORD), "a re-made key must be read: " + r.err());
  }

  @Test
  void aConflictLeftByAPullIsStillAConflictOnTheNextStatus() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "mine\n");
    CONSUL.kv().put(prefix + "/a.txt", "theirs\n");
    assertEquals(3, node.run("pull --quiet").exit()); // left alone, record keeps the base
    // Nothing has changed remotely since that pull's listing, yet the record is not the remote.
    assertEquals("MM a.txt\n", fullStatus());
    assertEquals("MM a.txt\n", fullStatus());
  }

  @Test
  void aRemoteKeyTheRecordDoesNotVouchForIsAlwaysRead() throws IOException {
    Files.writeString(dir.resolve(".fileconsulignore"), "*.bak\n");
    assertEquals(0, node.run("push").exit());
    CONSUL.kv().put(prefix + "/old.bak", "ignored here\n");
    assertEquals("", fullStatus());
    assertEquals("", fullStatus(), "an ignored key is not in the record: never from the record");

    Files.writeString(dir.resolve(".fileconsulignore"), "\n"); // stop ignoring it
    assertEquals("M. .fileconsulignore\n.A old.bak\n", fullStatus());
  }

  /** A status that must have read the values, and its porcelain. */
  private String fullStatus() {
    Transcript.Result r = status();
    assertFalse(r.err().contains(FROM_RECORD), "took the record for the remote: " + r);
    return r.out();
  }
}
