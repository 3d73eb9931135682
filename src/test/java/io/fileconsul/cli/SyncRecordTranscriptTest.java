package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync record's promises, against a real agent: late handler payloads never roll a file back,
 * the record follows the store and not the spelling of its address, and an edit is seen even when
 * its size and mtime are put back.
 */
class SyncRecordTranscriptTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path dir;
  private String prefix;
  private Transcript node;

  @BeforeEach
  void oneNode() {
    prefix = "rec" + PREFIXES.incrementAndGet();
    node = new Transcript(CONSUL.agent().address(), dir, prefix);
  }

  /** What consul watch would hand its handler now: the listing and its index. */
  private record Payload(String index, String json) {}

  private Payload payloadNow() {
    HttpResponse<byte[]> r = CONSUL.kv().send("GET", "/v1/kv/" + prefix + "/?recurse", null);
    String index = r.headers().firstValue("X-Consul-Index").orElseThrow();
    return new Payload(
        index, r.statusCode() == 404 ? "null" : new String(r.body(), StandardCharsets.UTF_8));
  }

  private Transcript.Result handler(Payload p) {
    return node.env("CONSUL_INDEX", p.index()).stdin(p.json()).run("pull");
  }

  @Test
  void aRecordSaveKilledHalfWayLeavesNoTempFileForLong() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "a\n");
    assertEquals(0, node.run("push").exit());
    // What kill -9 of a run between the record's temp write and its rename leaves (the model
    // test met it): a temp file beside the record, which nothing else would ever remove.
    Path leftover = dir.resolve(".fileconsul/.fileconsul-0123456789abcdef.tmp");
    Files.writeString(leftover, "{half a record");
    Files.writeString(dir.resolve("a.txt"), "a2\n");

    assertEquals(0, node.run("push").exit());

    assertFalse(Files.exists(leftover), "a dead run's temp file is removed by the next save");
    assertEquals(0, node.run("status").exit());
  }

  @Test
  void aHandlerRunTakesTheValuesItAlreadySyncedFromTheRecord() throws IOException {
    CONSUL.kv().put(prefix + "/a.txt", "a\n");
    CONSUL.kv().put(prefix + "/b.txt", "b\n");
    assertEquals(0, handler(payloadNow()).exit());
    CONSUL.kv().put(prefix + "/b.txt", "b2\n");
    Payload p = payloadNow();
    // a.txt's entry is still the write the record synced (same ModifyIndex, same size): its value
    // is taken from the record, not decoded, so even one that is no base64 at all is never read.
    JsonArray entries = JsonParser.parseString(p.json()).getAsJsonArray();
    for (JsonElement e : entries) {
      JsonObject o = e.getAsJsonObject();
      if (o.get("Key").getAsString().endsWith("/a.txt")) {
        o.addProperty("Value", "!!!="); // two bytes, were it base64, as "a\n" is
      }
    }

    Transcript.Result r =
        node.env("CONSUL_INDEX", p.index()).stdin(entries.toString()).run("pull --debug");

    assertEquals(
        new Transcript.Result(
            0,
            "Pulled 1 change(s) from prefix "
                + prefix
                + "/ at http://<addr>, share directory <dir>:\n\tmodified:         b.txt\n",
            "debug: 0 HTTP request(s) to http://<addr>\n"),
        r);
    assertEquals("b2\n", Files.readString(dir.resolve("b.txt")));
    assertEquals("a\n", Files.readString(dir.resolve("a.txt")));
    assertEquals(new Transcript.Result(0, "", ""), node.run("status --porcelain"));
  }

  @Test
  void aBadPayloadIsRefusedBeforeTheShareDirectoryIsMade() {
    Path missing = dir.resolve("node");
    Transcript fresh = new Transcript(CONSUL.agent().address(), missing, prefix);

    Transcript.Result r = fresh.env("CONSUL_INDEX", "7").stdin("[{\"Key\": ").run("pull");

    assertEquals(2, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertTrue(
        r.err().startsWith("error: stdin is not a consul watch -type=keyprefix payload"),
        r.toString());
    assertFalse(Files.exists(missing), "the share directory was made for a payload it refused");
  }

  @Test
  void aLatePayloadNeverBringsBackAFileWhoseKeyWasDeleted() {
    CONSUL.kv().put(prefix + "/keep.txt", "keep\n");
    CONSUL.kv().put(prefix + "/gone.txt", "gone\n");
    Payload a = payloadNow();
    assertEquals(0, handler(a).exit());
    assertTrue(Files.exists(dir.resolve("gone.txt")));

    CONSUL.kv().delete(prefix + "/gone.txt");
    Payload b = payloadNow();
    assertEquals(0, handler(b).exit());
    assertFalse(Files.exists(dir.resolve("gone.txt")));

    // An overlapping handler run, late: its payload is older than what was applied.
    Transcript.Result replay = handler(a);
    assertEquals(new Transcript.Result(0, "", ""), replay);
    assertFalse(Files.exists(dir.resolve("gone.txt")), "the deleted file came back");
    assertEquals(new Transcript.Result(0, "", ""), node.run("status --porcelain"));
  }

  @Test
  void aLatePayloadNeverBringsBackAKeyThisNodesPushDeleted() throws IOException {
    CONSUL.kv().put(prefix + "/a.txt", "a\n");
    CONSUL.kv().put(prefix + "/b.txt", "b\n");
    assertEquals(0, handler(payloadNow()).exit());
    CONSUL.kv().put(prefix + "/c.txt", "c\n"); // another node's write...
    Payload queued = payloadNow(); // ...whose handler run is still queued here

    Files.delete(dir.resolve("b.txt"));
    assertEquals(0, node.run("push").exit()); // deletes b.txt after listing the queued state
    assertFalse(CONSUL.kv().get(prefix + "/b.txt").isPresent());

    Transcript.Result late = handler(queued);
    assertEquals(0, late.exit(), late.toString());
    assertFalse(
        Files.exists(dir.resolve("b.txt")), "the late payload brought the deleted file back");
    assertFalse(CONSUL.kv().get(prefix + "/b.txt").isPresent());
    assertEquals("c\n", Files.readString(dir.resolve("c.txt")), "what is current was pulled");
  }

  @Test
  void aLatePayloadNeverRollsBackAFileThisNodeJustPushedAsASinglePut() throws IOException {
    // Over 384 KiB: too large for a transaction once base64-encoded, so push sends it as one PUT.
    String v1 = "1".repeat(400 * 1024);
    String v2 = "2".repeat(400 * 1024);
    CONSUL.kv().put(prefix + "/big.txt", v1);
    Payload old = payloadNow();
    assertEquals(0, handler(old).exit());
    Files.writeString(dir.resolve("big.txt"), v2);
    assertEquals(0, node.run("push").exit());

    assertEquals(new Transcript.Result(0, "", ""), handler(old));
    assertEquals(v2, Files.readString(dir.resolve("big.txt")), "the pushed file was rolled back");
    assertEquals(v2, CONSUL.kv().get(prefix + "/big.txt").orElseThrow().text());
  }

  @Test
  void anotherSpellingOfTheSameAgentUsesTheSameRecord() throws IOException {
    String port = CONSUL.agent().address().replaceAll(".*:", "");
    Files.writeString(dir.resolve("a.txt"), "a\n");
    Files.writeString(dir.resolve("b.txt"), "b\n");
    assertEquals(0, node.run("push --addr 127.0.0.1:" + port).exit());
    CONSUL.kv().delete(prefix + "/b.txt"); // deleted on purpose, by someone else

    for (String spelling : List.of("localhost:" + port, "http://localhost:" + port + "/")) {
      Transcript.Result status = node.run("status --porcelain --addr " + spelling);
      assertEquals(new Transcript.Result(1, ".D b.txt\n", ""), status, spelling);
      Transcript.Result push = node.run("push --addr " + spelling);
      assertEquals(0, push.exit(), push.toString());
      assertFalse(CONSUL.kv().get(prefix + "/b.txt").isPresent(), "push re-created a deleted key");
    }
  }

  @Test
  void aDirectorySyncedWithAnotherStoreRefusesToRecreateItsFilesWithoutForce() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "a\n");
    Files.writeString(dir.resolve("b.txt"), "b\n");
    assertEquals(0, node.run("push").exit());
    // The same files, recorded against some other cluster: this agent's record is missing.
    Path record = onlyRecord();
    Files.move(record, record.resolveSibling("state-0123456789abcdef.json"));
    CONSUL.kv().delete(prefix + "/b.txt");

    Transcript.Result refused = node.run("push");
    assertEquals(4, refused.exit(), refused.toString());
    assertTrue(
        refused
            .err()
            .endsWith(
                "error: the share directory was synced with another store"
                    + " before http://<addr> (or with this one under another name), so the 1 file(s) missing"
                    + " from "
                    + prefix
                    + "/ may be keys somebody deleted here on purpose; nothing was pushed."
                    + " Check with 'fileconsul status', then 'fileconsul push --force' to create them\n"),
        refused.err());
    assertFalse(CONSUL.kv().get(prefix + "/b.txt").isPresent());

    // A pull records what it applied, but b.txt is still local-only: the guard stays.
    assertEquals(0, node.run("pull").exit());
    assertEquals(4, node.run("push").exit(), "the guard ended with the pull's new record");
    assertFalse(CONSUL.kv().get(prefix + "/b.txt").isPresent());

    assertEquals(0, node.run("push --force").exit());
    assertEquals("b\n", CONSUL.kv().get(prefix + "/b.txt").orElseThrow().text());
    // Nothing local-only is left, so new files push as usual again.
    Files.writeString(dir.resolve("new.txt"), "new\n");
    assertEquals(0, node.run("push").exit());
  }

  @Test
  void aSameSizeEditWithItsMtimePutBackIsStillSeen() throws IOException {
    Path a = dir.resolve("a.txt");
    Files.writeString(a, "aaaa\n");
    FileTime anHourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
    Files.setLastModifiedTime(a, anHourAgo); // old enough for the record to vouch for it
    assertEquals(0, node.run("push").exit());
    assertEquals(new Transcript.Result(0, "", ""), node.run("status --porcelain"));

    Files.writeString(a, "bbbb\n");
    Files.setLastModifiedTime(a, anHourAgo);

    assertEquals(new Transcript.Result(1, "M. a.txt\n", ""), node.run("status --porcelain"));
  }

  /**
   * An in-sync status saves nothing once the record already says it all (issue 9: the lock, a
   * second read, a write and an fsync of the record on every status); a file touched without a
   * change makes it save the new stamp, so the next status trusts the file again without reading
   * it. Stamps are settled 2 s after they are taken, so the first statuses after a push still save.
   */
  @Test
  void anInSyncStatusLeavesTheRecordAloneUntilAStampChanges() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "a\n");
    assertEquals(0, node.run("push").exit());
    long deadline = System.nanoTime() + 30_000_000_000L;
    Object before = inode(onlyRecord());
    while (true) {
      assertEquals(new Transcript.Result(0, "", ""), node.run("status --porcelain"));
      Object after = inode(onlyRecord());
      if (after.equals(before)) {
        break; // not saved: the record vouched for everything already
      }
      assertTrue(System.nanoTime() < deadline, "every status saved the record for 30 s");
      before = after;
    }
    assertEquals(new Transcript.Result(0, "", ""), node.run("status --porcelain"));
    assertEquals(before, inode(onlyRecord()), "a second status in a row saved it again");

    Files.setLastModifiedTime(
        dir.resolve("a.txt"), FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
    assertEquals(new Transcript.Result(0, "", ""), node.run("status --porcelain"));
    assertFalse(before.equals(inode(onlyRecord())), "the new stamp was not saved");
  }

  private static Object inode(Path p) throws IOException {
    return Files.getAttribute(p, "unix:ino");
  }

  private Path onlyRecord() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(".fileconsul"))) {
      List<Path> records =
          files.filter(p -> p.getFileName().toString().startsWith("state-")).toList();
      assertEquals(1, records.size(), records.toString());
      return records.get(0);
    }
  }
}
