package io.fileconsul.app;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.fileconsul.testing.ConsulStubs.array;
import static io.fileconsul.testing.ConsulStubs.entry;
import static io.fileconsul.testing.ConsulStubs.error;
import static io.fileconsul.testing.ConsulStubs.kvNotFound;
import static io.fileconsul.testing.ConsulStubs.kvRaw;
import static io.fileconsul.testing.ConsulStubs.kvRead;
import static io.fileconsul.testing.ConsulStubs.kvWrite;
import static io.fileconsul.testing.ConsulStubs.txnCommitted;
import static io.fileconsul.testing.ConsulStubs.txnRolledBack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.fileconsul.core.ExitCode;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.PathFilter;
import io.fileconsul.sync.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * push against a stubbed Consul: how files are packed into requests, and that when a request fails
 * the sync record says exactly which files reached Consul.
 */
class PusherWireMockTest extends StubbedWorkspaceTest {
  private static final Pusher.Options PUSH = new Pusher.Options(false, false, false);

  private Pusher pusher;

  @BeforeEach
  void setUp() {
    pusher = new Pusher(ws, Progress.NONE);
  }

  @Test
  void manyFilesGoOutInTransactionsOfAtMost128Operations() {
    List<String> paths = files(150, 10);
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    consul.stubFor(put(urlEqualTo("/v1/txn")).willReturn(txnCommitted()));

    SyncResult result = pusher.push(PathFilter.all(), PUSH);

    assertEquals(ExitCode.OK, result.exitCode());
    List<List<String>> txns = txnKeys();
    assertEquals(List.of(128, 22), txns.stream().map(List::size).toList());
    assertEquals(
        keys(paths),
        txns.stream().flatMap(List::stream).collect(TreeSet::new, Set::add, Set::addAll));
    assertRecordMatchesShare(paths);
  }

  /** Consul before 1.14 takes 64: its 413 comes before anything is applied (reference §txn). */
  @Test
  void anAgentThatTakes64OperationsGetsTheSameFilesIn64s() {
    List<String> paths = files(150, 10);
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .inScenario("old agent")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(413, "Transaction contains too many operations (128 > 64)"))
            .willSetStateTo("learned"));
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .inScenario("old agent")
            .whenScenarioStateIs("learned")
            .willReturn(txnCommitted()));

    SyncResult result = pusher.push(PathFilter.all(), PUSH);

    assertEquals(ExitCode.OK, result.exitCode());
    assertEquals(
        List.of(128, 64, 64, 22),
        txnKeys().stream().map(List::size).toList(),
        "one refused transaction, then the same files in 64s");
    assertRecordMatchesShare(paths);
  }

  @Test
  void largeFilesSpreadOverSeveralTransactionsOfAtMost512KiB() {
    List<String> paths = files(10, 150 * 1024);
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    consul.stubFor(put(urlEqualTo("/v1/txn")).willReturn(txnCommitted()));

    SyncResult result = pusher.push(PathFilter.all(), PUSH);

    assertEquals(ExitCode.OK, result.exitCode());
    List<LoggedRequest> txns = consul.findAll(putRequestedFor(urlEqualTo("/v1/txn")));
    assertEquals(5, txns.size(), "two 200 KiB ops fit in 512 KiB, three do not");
    for (LoggedRequest txn : txns) {
      assertTrue(
          txn.getBody().length <= io.fileconsul.consul.ConsulKvStore.LIMITS.maxRequestBytes(),
          txn.getBody().length + " bytes");
    }
    assertRecordMatchesShare(paths);
  }

  @Test
  void aFileTooLargeForATransactionGoesAloneAsACasPut() {
    byte[] big = randomBytes(400 * 1024);
    share.write("big.bin", big);
    share.write("small.txt", bytes("small"));
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    consul.stubFor(
        put(urlEqualTo("/v1/kv/fc/big.bin?cas=0&flags=" + MODE_0644)).willReturn(kvWrite(true)));
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/big.bin?raw")).willReturn(kvRaw(big, 977)));
    consul.stubFor(put(urlEqualTo("/v1/txn")).willReturn(txnCommitted()));

    SyncResult result = pusher.push(PathFilter.all(), PUSH);

    assertEquals(ExitCode.OK, result.exitCode());
    List<LoggedRequest> puts = consul.findAll(putRequestedFor(urlPathEqualTo("/v1/kv/fc/big.bin")));
    assertEquals(1, puts.size());
    assertArrayEquals(big, puts.get(0).getBody());
    assertEquals(
        Integer.toString(big.length),
        puts.get(0).getHeader("Content-Length"),
        "Consul checks the value size against Content-Length");
    assertEquals(List.of(List.of("fc/small.txt")), txnKeys());
    Map<String, SyncRecord> record = records();
    assertEquals(DigestUtils.sha256Hex(big), record.get("big.bin").content().sha256());
    assertEquals(
        977,
        record.get("big.bin").modifyIndex(),
        "a PUT does not report the new index, so it is read back");
    assertTrue(record.get("small.txt").modifyIndex() > 0);
  }

  /**
   * Another writer's PUT between this push's PUT and its read-back: the key's index is that
   * write's, not this content's, so the record keeps no index for the file (the next run reads the
   * value), and the push itself still succeeded.
   */
  @Test
  void aReadBackThatFindsAnotherWritersBytesRecordsNoIndex() {
    byte[] big = randomBytes(400 * 1024);
    share.write("big.bin", big);
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    consul.stubFor(
        put(urlEqualTo("/v1/kv/fc/big.bin?cas=0&flags=" + MODE_0644)).willReturn(kvWrite(true)));
    byte[] theirs = big.clone();
    theirs[theirs.length - 1] ^= 1;
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/big.bin?raw")).willReturn(kvRaw(theirs, 980)));

    SyncResult result = pusher.push(PathFilter.all(), PUSH);

    assertEquals(ExitCode.OK, result.exitCode());
    assertEquals(0, records().get("big.bin").modifyIndex(), "980 is the other write's index");
    assertEquals(1, consul.findAll(getRequestedFor(urlEqualTo("/v1/kv/fc/big.bin?raw"))).size());
  }

  @Test
  void aLostCasPutIsAConflictAndTheFileIsNotRecorded() {
    share.write("big.bin", randomBytes(400 * 1024));
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    consul.stubFor(
        put(urlEqualTo("/v1/kv/fc/big.bin?cas=0&flags=" + MODE_0644)).willReturn(kvWrite(false)));

    SyncResult result = pusher.push(PathFilter.all(), PUSH);

    assertEquals(ExitCode.CONFLICT, result.exitCode());
    assertTrue(result.outcome().decisive().orElseThrow().message().contains("big.bin"));
    assertEquals(Map.of(), records());
  }

  @Test
  void updatesAndDeletesAreCasAgainstTheListedModifyIndex() {
    share.write("a.txt", bytes("new"));
    state.save(
        Map.of(
            "a.txt", new SyncRecord("a.txt", content("old"), 41, 1),
            "b.txt", new SyncRecord("b.txt", content("gone"), 30, 1)),
        2,
        0);
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .willReturn(
                kvRead(
                    array(
                        entry("fc/a.txt", bytes("old"), MODE_0644, 41),
                        entry("fc/b.txt", bytes("gone"), MODE_0644, 30)),
                    41)));
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .withRequestBody(
                equalToJson(
                    """
        [
          {"KV": {"Verb": "cas", "Key": "fc/a.txt", "Value": "bmV3", "Flags": 1178796452, "Index": 41}},
          {"KV": {"Verb": "delete-cas", "Key": "fc/b.txt", "Index": 30}}
        ]
        """))
            .willReturn(txnCommitted()));
    // A transaction reports no index for a delete: the prefix's index is read once afterwards.
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?keys=&separator=%2F")).willReturn(kvRead("[\"fc/a.txt\"]", 43)));

    SyncResult result = pusher.push(PathFilter.all(), PUSH);

    assertEquals(ExitCode.OK, result.exitCode());
    assertEquals(Set.of("a.txt"), records().keySet());
    assertTrue(records().get("a.txt").modifyIndex() > 41);
    assertEquals(43, state.load().base().remoteIndex(), "the index the delete raised");
  }

  @Test
  void aStaleSecondTransactionIsAConflictNamingItsFileAndTheFirstStaysRecorded() {
    List<String> paths = files(140, 10);
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    consul.stubFor(put(urlEqualTo("/v1/txn")).willReturn(txnCommitted()));
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .atPriority(1)
            .withRequestBody(containing("\"Key\":\"fc/f128.txt\""))
            .willReturn(txnRolledBack(2, "failed to set key \"fc/f130.txt\", index is stale")));

    SyncResult result = pusher.push(PathFilter.all(), PUSH);

    assertEquals(ExitCode.CONFLICT, result.exitCode());
    String message = result.outcome().decisive().orElseThrow().message();
    assertTrue(message.contains("f130.txt"), message);
    assertFalse(message.contains("\n"), message);
    assertEquals(paths.subList(0, 128), result.applied().stream().map(c -> c.path()).toList());
    assertRecordMatchesShare(paths.subList(0, 128));
  }

  @Test
  void aSecondTransactionThatFailsWith500LeavesOnlyTheFirstRecorded() {
    List<String> paths = files(140, 10);
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    consul.stubFor(put(urlEqualTo("/v1/txn")).willReturn(txnCommitted()));
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .atPriority(1)
            .withRequestBody(containing("\"Key\":\"fc/f128.txt\""))
            .willReturn(error(500, "No cluster leader")));

    SyncResult result = pusher.push(PathFilter.all(), PUSH);

    assertEquals(ExitCode.UNAVAILABLE, result.exitCode());
    assertTrue(result.outcome().decisive().orElseThrow().message().contains("No cluster leader"));
    assertRecordMatchesShare(paths.subList(0, 128));
  }

  @Test
  void aDeniedTransactionIsExit6AndNothingIsRecorded() {
    files(3, 10);
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .willReturn(
                txnRolledBack(
                    0,
                    "Permission denied: token with AccessorID 'b2c5a1f0-4e0f-4c1b-9d57-2a3f8e5c7d10' lacks"
                        + " permission 'key:write' on \"fc/f000.txt\"")));

    SyncResult result = pusher.push(PathFilter.all(), PUSH);

    assertEquals(ExitCode.DENIED, result.exitCode());
    String message = result.outcome().decisive().orElseThrow().message();
    assertTrue(message.contains("Permission denied") && message.contains("token"), message);
    assertEquals(Map.of(), records());
  }

  /** Files f000.txt, f001.txt, ... of {@code size} distinct bytes each; returns their paths. */
  private List<String> files(int count, int size) {
    List<String> paths =
        IntStream.range(0, count).mapToObj(i -> String.format("f%03d.txt", i)).toList();
    paths.forEach(p -> share.write(p, randomBytes(size)));
    return paths;
  }

  /** The keys of each /v1/txn request, in the order they were sent. */
  private List<List<String>> txnKeys() {
    List<List<String>> out = new ArrayList<>();
    for (LoggedRequest r : consul.findAll(putRequestedFor(urlEqualTo("/v1/txn")))) {
      List<String> keys = new ArrayList<>();
      for (JsonElement op : JsonParser.parseString(r.getBodyAsString()).getAsJsonArray()) {
        keys.add(op.getAsJsonObject().getAsJsonObject("KV").get("Key").getAsString());
      }
      out.add(keys);
    }
    return out;
  }

  /** The record holds exactly {@code paths}, each with the hash on disk and a committed index. */
  private void assertRecordMatchesShare(List<String> paths) {
    Map<String, SyncRecord> record = records();
    assertEquals(new TreeSet<>(paths), new TreeSet<>(record.keySet()));
    Map<String, String> onDisk = share.hashes();
    for (String p : paths) {
      assertEquals(onDisk.get(p), record.get(p).content().sha256(), p);
      assertTrue(record.get(p).modifyIndex() > 0, p);
    }
  }

  private static Set<String> keys(List<String> paths) {
    return paths.stream().map(p -> "fc/" + p).collect(TreeSet::new, Set::add, Set::addAll);
  }

  private static Content content(String text) {
    return new Content(DigestUtils.sha256Hex(bytes(text)), bytes(text).length, 0644);
  }

  private static final Random RANDOM = new Random(7);

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
