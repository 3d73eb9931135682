package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.DevAgent;
import io.fileconsul.testing.FaultProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A slow link between fileconsul and a real agent (issue 13 part 4), through {@link FaultProxy}:
 * latency below and above --timeout, and a bandwidth cap. --timeout bounds the answer's start and
 * then each MiB of it, so a big listing that keeps streaming finishes and one that trickles is cut
 * off; a cut-off run writes nothing, leaves the record alone, and the rerun converges.
 */
class SlowLinkTranscriptTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  /** Deadline checks, not speed tests: a run must end within --timeout plus this. */
  private static final long MARGIN_MS = 3_000;

  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path server;
  @TempDir Path client;
  @TempDir Path twin;
  private String prefix;
  private FaultProxy proxy;
  private Transcript onServer;
  private Transcript onClient;

  @BeforeEach
  void aServerDirectlyAndAClientThroughTheProxy() throws IOException {
    prefix = "slow" + PREFIXES.incrementAndGet();
    proxy = new FaultProxy(CONSUL.agent().address());
    onServer = new Transcript(CONSUL.agent().address(), server, prefix);
    onClient = new Transcript(proxy.address(), client, prefix);
  }

  @AfterEach
  void closeProxy() throws IOException {
    proxy.close();
  }

  /**
   * The same session run directly (on its own prefix) and through a link that holds every chunk 150
   * ms, well below --timeout 2s: every command's exit code, output and tree are the same.
   */
  @Test
  void aLatencyBelowTheTimeoutChangesNoResult() throws IOException {
    String direct = prefix + "direct";
    String latent = prefix + "latent";
    seedSmallFiles(server, 20);
    assertEquals(0, new Transcript(CONSUL.agent().address(), server, direct).run("push").exit());
    assertEquals(0, new Transcript(CONSUL.agent().address(), server, latent).run("push").exit());
    Transcript straight = new Transcript(CONSUL.agent().address(), twin, direct);
    Transcript slow = new Transcript(proxy.address(), client, latent);
    proxy.latency(Duration.ofMillis(100));

    long start = System.nanoTime();
    List<String> steps =
        List.of(
            "pull --timeout 2s",
            "edit",
            "status --porcelain --timeout 2s",
            "diff --timeout 2s",
            "push --timeout 2s",
            "foreign",
            "pull --timeout 2s",
            "status --porcelain --timeout 2s");
    for (String step : steps) {
      if (step.equals("edit")) {
        editLocally(twin);
        editLocally(client);
      } else if (step.equals("foreign")) {
        CONSUL.kv().put(direct + "/f3.conf", "foreign\n");
        CONSUL.kv().put(latent + "/f3.conf", "foreign\n");
      } else {
        String want = straight.run(step).toString().replace(direct, "<prefix>");
        String got = slow.run(step).toString().replace(latent, "<prefix>");
        assertEquals(want, got, step);
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000L;
    System.out.println(
        "FIGURES network latency: perChunkMs=100 timeout=2s steps=6 sessionMs=" + ms);
    assertEquals(ShareState.contents(twin), ShareState.contents(client));
  }

  /** A link slower than --timeout: the first answer never starts in time. */
  @ParameterizedTest
  @ValueSource(strings = {"pull", "push"})
  void aLatencyAboveTheTimeoutIsExit5WithinTheTimeoutAndChangesNothing(String command)
      throws IOException {
    seedSmallFiles(server, 20);
    assertEquals(0, onServer.run("push").exit());
    assertEquals(0, onClient.run("pull").exit());
    Files.writeString(server.resolve("f1.conf"), "edited on the server\n");
    assertEquals(0, onServer.run("push").exit());
    Files.writeString(client.resolve("f2.conf"), "edited on the client\n");
    Map<String, String> record = ShareState.records(client);
    assertEquals(1, record.size(), record.toString());
    List<String> before = ShareState.contents(client);
    List<String> remoteBefore = remote();
    proxy.latency(Duration.ofSeconds(3));

    long start = System.nanoTime();
    Transcript.Result r = onClient.run(command + " --timeout 1s");
    long ms = (System.nanoTime() - start) / 1_000_000L;

    System.out.println(
        "FIGURES network latency: perChunkMs=3000 timeout=1s command="
            + command
            + " exit="
            + r.exit()
            + " afterMs="
            + ms);
    assertEquals(5, r.exit(), r.toString());
    assertOneErrorLine(r);
    assertTrue(ms < 1_000 + MARGIN_MS, "a 1 s deadline ended the run after " + ms + " ms");
    assertEquals(before, ShareState.contents(client), "nothing written locally");
    assertEquals(remoteBefore, remote(), "nothing written remotely");
    assertEquals(record, ShareState.records(client), "the record unchanged");
    proxy.heal();
    assertEquals(0, onClient.run(command).exit());
    assertNotEquals(record, ShareState.records(client), "a run that did sync changes the record");
    assertEquals(0, onClient.run(command.equals("pull") ? "push" : "pull").exit());
    assertEquals(0, onClient.run("status --porcelain").exit());
    assertEquals(0, onServer.run("pull").exit());
    assertEquals(ShareState.contents(server), ShareState.contents(client));
  }

  /**
   * About 5 MiB of listing at 2 MiB/s takes longer than --timeout 2s in all, but each MiB comes
   * within it: the pull finishes.
   */
  @Test
  void aBigListingThatKeepsStreamingUnderACapFinishes() throws IOException {
    seedBigFiles(server);
    assertEquals(0, onServer.run("push").exit());
    proxy.bandwidth(2L * 1024 * 1024);

    long start = System.nanoTime();
    Transcript.Result r = onClient.run("pull --timeout 2s");
    long ms = (System.nanoTime() - start) / 1_000_000L;

    long bytes = proxy.answeredBytes();
    System.out.println(
        "FIGURES network bandwidth: cap=2MiB/s timeout=2s exit="
            + r.exit()
            + " answeredBytes="
            + bytes
            + " afterMs="
            + ms
            + " KiBps="
            + bytes * 1000 / 1024 / Math.max(1, ms));
    assertEquals(0, r.exit(), r.toString());
    assertTrue(ms > 2_000, "the answer took " + ms + " ms: longer than one --timeout");
    assertEquals(ShareState.contents(server), ShareState.contents(client));
  }

  /** 128 KiB/s is far below 1 MiB per --timeout 1s: cut off at the deadline. */
  @Test
  void aBigListingThatTricklesIsCutOffAtTheTimeout() throws IOException {
    seedBigFiles(server);
    assertEquals(0, onServer.run("push").exit());
    proxy.bandwidth(128 * 1024);

    long start = System.nanoTime();
    Transcript.Result r = onClient.run("pull --timeout 1s");
    long ms = (System.nanoTime() - start) / 1_000_000L;

    System.out.println(
        "FIGURES network bandwidth: cap=128KiB/s timeout=1s exit="
            + r.exit()
            + " answeredBytes="
            + proxy.answeredBytes()
            + " afterMs="
            + ms);
    assertEquals(5, r.exit(), r.toString());
    assertOneErrorLine(r);
    assertTrue(r.err().contains("timed out"), r.err());
    assertTrue(ms < 1_000 + MARGIN_MS, "a 1 s deadline ended the run after " + ms + " ms");
    assertEquals(List.of(), ShareState.contents(client), "nothing applied from a cut-off listing");
    assertEquals(Map.of(), ShareState.records(client), "no record claimed");
    proxy.heal();
    assertEquals(0, onClient.run("pull").exit());
    assertEquals(ShareState.contents(server), ShareState.contents(client));
  }

  /**
   * Pushes through links that are slow in different ways, some slower than --timeout: each is exit
   * 0 or 5, every value in Consul is whole (its old or its new version), and once the link heals
   * the rerun converges.
   */
  @Test
  void aPushThroughASlowLinkIsExit0Or5AndNeverTornAndTheRerunConverges() throws IOException {
    seedSmallFiles(server, 30);
    assertEquals(0, onServer.run("push").exit());
    assertEquals(0, onClient.run("pull").exit());
    List<String> outcomes = new ArrayList<>();
    Random random = new Random(13);
    String[] links = {"cap 32768", "latency 600", "cap 1048576"};
    for (int round = 0; round < links.length; round++) {
      List<String> old = remote();
      for (int i = 0; i < 30; i += 3) {
        byte[] value = new byte[8 * 1024 + random.nextInt(8 * 1024)];
        random.nextBytes(value);
        String text = "round " + round + "\n" + java.util.Base64.getEncoder().encodeToString(value);
        Files.writeString(client.resolve("f" + (i + round % 3) + ".conf"), text + "\n");
      }
      List<String> fresh = ShareState.contents(client);
      String[] link = links[round].split(" ");
      if (link[0].equals("cap")) {
        proxy.bandwidth(Long.parseLong(link[1]));
      } else {
        proxy.latency(Duration.ofMillis(Long.parseLong(link[1])));
      }

      Transcript.Result r = onClient.run("push --timeout 1s");

      proxy.heal();
      outcomes.add(links[round] + "=" + r.exit());
      assertTrue(r.exit() == 0 || r.exit() == 5, r.toString());
      if (r.exit() == 5) {
        assertOneErrorLine(r);
      }
      for (String entry : remote()) {
        assertTrue(old.contains(entry) || fresh.contains(entry), "torn: " + entry);
      }
      assertEquals(List.of(), ShareState.temps(client), "no temp file left");
      assertEquals(0, onClient.run("push").exit(), "the rerun after " + links[round]);
      assertEquals(fresh, remote());
      assertEquals(0, onClient.run("status --porcelain").exit());
    }
    System.out.println("FIGURES network slow push: timeout=1s outcomes=" + outcomes);
    assertEquals(0, onServer.run("pull --force").exit());
    assertEquals(ShareState.contents(client), ShareState.contents(server));
  }

  private static void seedSmallFiles(Path dir, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      Files.writeString(dir.resolve("f" + i + ".conf"), ("line " + i + "\n").repeat(20));
    }
  }

  /** 40 files of 96 KiB: about 5 MiB of listing once base64 and JSON are added. */
  private static void seedBigFiles(Path dir) throws IOException {
    Random random = new Random(42);
    for (int i = 0; i < 40; i++) {
      byte[] value = new byte[96 * 1024];
      random.nextBytes(value);
      Files.write(dir.resolve("big" + i + ".bin"), value);
    }
  }

  private static void editLocally(Path dir) throws IOException {
    Files.writeString(dir.resolve("f1.conf"), "edited here\n");
    Files.writeString(dir.resolve("new.conf"), "added here\n");
    Files.delete(dir.resolve("f2.conf"));
  }

  private static void assertOneErrorLine(Transcript.Result r) {
    assertTrue(r.err().startsWith("error: "), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
  }

  /** The prefix's keys and values as "path=sha" lines, read directly from the agent. */
  private List<String> remote() {
    return CONSUL.kv().list(prefix + "/").values().stream()
        .map(e -> e.key().substring(prefix.length() + 1) + "=" + ShareState.sha(e.value()))
        .sorted()
        .toList();
  }
}
