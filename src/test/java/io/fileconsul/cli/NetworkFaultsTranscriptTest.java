package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.DevAgent;
import io.fileconsul.testing.FaultProxy;
import io.fileconsul.testing.FaultProxy.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults between fileconsul and a real agent (issue 13 part 4), through {@link FaultProxy}: an
 * answer reset, cut short or never finished. Each is exit 5 with one error line, nothing torn or
 * recorded, and a rerun once the network heals converges.
 */
class NetworkFaultsTranscriptTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path server;
  @TempDir Path client;
  private FaultProxy proxy;
  private Transcript onServer;
  private Transcript onClient;

  @BeforeEach
  void aServerDirectlyAndAClientThroughTheProxy() throws IOException {
    String prefix = "faults" + PREFIXES.incrementAndGet();
    proxy = new FaultProxy(CONSUL.agent().address());
    onServer = new Transcript(CONSUL.agent().address(), server, prefix);
    onClient = new Transcript(proxy.address(), client, prefix);
    for (int i = 0; i < 40; i++) {
      Files.writeString(server.resolve("f" + i + ".conf"), ("line " + i + "\n").repeat(20));
    }
    assertEquals(0, onServer.run("push").exit());
  }

  @AfterEach
  void closeProxy() throws IOException {
    proxy.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {"RESET", "TRUNCATE"})
  void aListingBrokenMidBodyIsExit5AndThePullWritesNothing(Fault fault) throws IOException {
    proxy.inject(fault, "recurse", 4096); // the headers and a few entries, then the break

    Transcript.Result r = onClient.run("pull");

    assertEquals(5, r.exit(), r.toString());
    assertOneErrorLine(r);
    assertEquals(List.of(), syncedFiles(client), "nothing applied from a broken listing");
    assertEquals(Map.of(), ShareState.records(client), "no record claimed");
    proxy.heal();
    assertEquals(0, onClient.run("pull").exit());
    assertEquals(syncedFiles(server), syncedFiles(client));
    assertEquals(0, onClient.run("status --porcelain").exit());
  }

  /** An agent that takes the request and never answers: --timeout ends the run. */
  @Test
  void aHalfOpenAgentIsExit5WithinTheTimeout() {
    proxy.inject(Fault.HANG, "recurse", 0);
    long start = System.nanoTime();

    Transcript.Result r = onClient.run("pull --timeout 2s");

    long ms = (System.nanoTime() - start) / 1_000_000L;
    long seconds = ms / 1000;
    System.out.println("FIGURES network half-open: timeout=2s exit=" + r.exit() + " afterMs=" + ms);
    assertEquals(5, r.exit(), r.toString());
    assertOneErrorLine(r);
    assertTrue(
        r.err().contains("timed out: no complete answer within 2000ms (--timeout);"), r.err());
    assertTrue(seconds < 20, "a 2 s deadline ended the run after " + seconds + " s");
    proxy.heal();
    assertEquals(0, onClient.run("pull").exit());
  }

  /** The transaction may or may not have been applied: exit 5, and the next push settles it. */
  @Test
  void aPushWhoseAnswerIsResetIsExit5AndTheRerunConverges() throws IOException {
    assertEquals(0, onClient.run("pull").exit());
    Files.writeString(client.resolve("new.conf"), "added on the client\n");
    Files.writeString(client.resolve("f1.conf"), "edited on the client\n");
    Map<String, String> record = ShareState.records(client);
    proxy.inject(Fault.RESET, "/v1/txn", 0);

    Transcript.Result r = onClient.run("push");

    assertEquals(5, r.exit(), r.toString());
    assertOneErrorLine(r);
    assertEquals(1, record.size(), record.toString());
    assertEquals(record, ShareState.records(client), "the record unchanged");
    proxy.heal();
    assertEquals(0, onClient.run("push").exit());
    assertEquals(0, onClient.run("status --porcelain").exit());
    assertEquals(0, onServer.run("pull").exit());
    assertEquals("edited on the client\n", Files.readString(server.resolve("f1.conf")));
    assertEquals("added on the client\n", Files.readString(server.resolve("new.conf")));
  }

  /**
   * A pull checks each delete with a GET (a key missing from a listing may be hidden by an ACL); a
   * reset of one of them stops the pull. What it applied stays applied and recorded, and nothing
   * else: status then shows exactly the deletes still to pull, never a file to push back.
   */
  @Test
  void aResetMidPullKeepsWhatItAppliedRecordedAndNothingElse() throws IOException {
    assertEquals(0, onClient.run("pull").exit());
    List<String> deleted = new java.util.ArrayList<>();
    for (int i = 10; i < 20; i++) {
      deleted.add("f" + i + ".conf");
      Files.delete(server.resolve("f" + i + ".conf"));
    }
    assertEquals(0, onServer.run("push").exit());
    proxy.inject(Fault.RESET, "/f15.conf", 0); // the sixth check, in path order

    Transcript.Result r = onClient.run("pull");

    assertEquals(5, r.exit(), r.toString());
    assertOneErrorLine(r);
    List<String> left = deleted.stream().filter(f -> Files.exists(client.resolve(f))).toList();
    assertEquals(deleted.subList(5, 10), left, "deletes go in path order; f15's check was reset");
    proxy.heal();
    Transcript.Result status = onClient.run("status --porcelain");
    assertEquals(
        left.stream().map(f -> ".D " + f + "\n").sorted().collect(Collectors.joining()),
        status.out(),
        "the record claims exactly the deletes that happened");
    assertEquals(0, onClient.run("pull").exit());
    assertEquals(syncedFiles(server), syncedFiles(client));
    assertEquals(0, onClient.run("status --porcelain").exit());
  }

  /**
   * An answer cut at any byte, in its status line, its headers or its body, is a connection that
   * broke: exit 5 with one line that says so, never "not a Consul API" nor a Java class name.
   */
  @ParameterizedTest
  @CsvSource({
    "TRUNCATE, recurse, 0",
    "TRUNCATE, recurse, 5",
    "TRUNCATE, recurse, 40",
    "TRUNCATE, recurse, 150",
    "TRUNCATE, recurse, 200",
    "TRUNCATE, recurse, 300",
    "TRUNCATE, /v1/txn, 5",
    "TRUNCATE, /v1/txn, 60",
    "TRUNCATE, /v1/txn, 300",
  })
  void anAnswerCutAnywhereIsAConnectionThatBroke(Fault fault, String trigger, int after)
      throws IOException {
    assertEquals(0, onClient.run("pull").exit());
    boolean pull = trigger.equals("recurse");
    if (pull) {
      Files.writeString(server.resolve("f2.conf"), "edited on the server\n");
      assertEquals(0, onServer.run("push").exit());
    } else {
      Files.writeString(client.resolve("f1.conf"), "edited on the client\n");
      Files.writeString(client.resolve("f3.conf"), "edited on the client\n");
    }
    Map<String, String> record = ShareState.records(client);
    proxy.inject(fault, trigger, after);

    Transcript.Result r = onClient.run(pull ? "pull" : "push");

    assertEquals(5, r.exit(), r.toString());
    assertOneErrorLine(r);
    assertTrue(r.err().startsWith("error: cannot reach Consul at http://<addr>: "), r.err());
    assertFalse(r.err().contains("check --addr points at a Consul HTTP API"), r.err());
    assertFalse(r.err().contains("org.apache") || r.err().contains("Exception"), r.err());
    assertEquals(record, ShareState.records(client), "the record unchanged");
    proxy.heal();
    assertEquals(0, onClient.run("pull").exit());
    assertEquals(0, onClient.run("push").exit());
    assertEquals(0, onClient.run("status --porcelain").exit());
  }

  private static void assertOneErrorLine(Transcript.Result r) {
    assertTrue(r.err().startsWith("error: "), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
  }

  /** The share's files, no record and no temp file (a torn write would leave one). */
  private static List<String> syncedFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .filter(p -> !p.startsWith(".fileconsul/")) // the record; a stray temp file still shows
          .sorted()
          .toList();
    }
  }
}
