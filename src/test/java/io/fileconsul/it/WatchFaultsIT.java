package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.DevAgent;
import io.fileconsul.testing.FaultProxy;
import io.fileconsul.testing.FaultProxy.Fault;
import io.fileconsul.testing.Launcher;
import io.fileconsul.testing.Poll;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * fileconsul watch through {@link FaultProxy} (issue 13 part 4): its blocking query is reset, then
 * its agent goes half-open. While broken the watch keeps running and logs each outage once; once
 * the network heals, the change made during the outage is pulled.
 */
class WatchFaultsIT {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final String PREFIX = "wf";

  @TempDir Path a;
  @TempDir Path b;
  private FaultProxy proxy;
  private Process watch;

  @AfterEach
  void stop() throws IOException {
    if (watch != null) {
      watch.destroyForcibly();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void watchSurvivesAResetAndAHalfOpenAgentAndPullsWhatChangedMeanwhile() throws Exception {
    Launcher direct = new Launcher(Map.of("CONSUL_HTTP_ADDR", CONSUL.agent().address()));
    proxy = new FaultProxy(CONSUL.agent().address());
    Files.writeString(a.resolve("app.conf"), "v1\n");
    assertEquals(0, direct.run(a, "push", "--prefix", PREFIX).exit());
    // a short blocking query and deadline, so that a hung query ends in about 3 s
    watch =
        new Launcher(Map.of("CONSUL_HTTP_ADDR", proxy.address()))
            .start(b, "watch", "--prefix", PREFIX, "--query-wait", "1s", "--timeout", "2s");
    List<String> err = lines(watch.getErrorStream());
    lines(watch.getInputStream());
    Poll.until(LONG, "the first pull", () -> read(b).equals("v1\n"));

    // 1. The blocking query in flight is reset, and so is every answer until the network heals.
    proxy.inject(Fault.RESET, "/v1/kv/" + PREFIX, 0);
    proxy.resetOpenConnections();
    Poll.until(LONG, "the first outage to be logged", () -> count(err, "retrying") == 1);
    Files.writeString(a.resolve("app.conf"), "v2, pushed during the reset outage\n");
    assertEquals(0, direct.run(a, "push", "--prefix", PREFIX).exit());
    Poll.until(LONG, "two retries to be reset as well", () -> proxy.faultsTriggered() >= 2);
    assertTrue(watch.isAlive(), String.join("\n", err));
    long healed = System.nanoTime();
    proxy.heal();
    Poll.until(LONG, "the change made during the outage", () -> read(b).startsWith("v2"));
    long resetRecovery = (System.nanoTime() - healed) / 1_000_000L;

    // 2. Half-open: the next blocking query is taken and never answered, nor are its retries.
    long before = proxy.faultsTriggered();
    proxy.inject(Fault.HANG, "/v1/kv/" + PREFIX, 0);
    Poll.until(LONG, "the second outage to be logged", () -> count(err, "retrying") == 2);
    Files.writeString(a.resolve("app.conf"), "v3, pushed while the agent was half-open\n");
    assertEquals(0, direct.run(a, "push", "--prefix", PREFIX).exit());
    Poll.until(LONG, "a retry to hang as well", () -> proxy.faultsTriggered() >= before + 2);
    assertTrue(watch.isAlive(), String.join("\n", err));
    healed = System.nanoTime();
    proxy.heal();
    Poll.until(LONG, "the change made while half-open", () -> read(b).startsWith("v3"));
    long hangRecovery = (System.nanoTime() - healed) / 1_000_000L;

    System.out.println(
        "FIGURES network watch: queryWait=1s timeout=2s resetRecoveryMs="
            + resetRecovery
            + " halfOpenRecoveryMs="
            + hangRecovery);
    watch.destroy(); // SIGTERM
    assertTrue(watch.waitFor(30, TimeUnit.SECONDS), "watch did not stop");
    assertEquals(0, watch.exitValue());
    String log = String.join("\n", err);
    assertEquals(2, count(err, "retrying"), "each outage logged once:\n" + log);
    assertEquals(2, count(err, "answers again"), "and its end once:\n" + log);
    assertEquals(0, count(err, "error:"), log);
    // A hung blocking query has --query-wait and its jitter on top of --timeout: the message said
    // "no complete answer within 3062ms (--timeout)" for --timeout 2s.
    String hung = err.stream().filter(l -> l.contains("timed out")).findFirst().orElseThrow();
    assertTrue(
        hung.contains("ms (--query-wait, 1/16 of it for Consul's jitter, and --timeout)"), hung);
    assertEquals(0, direct.run(b, "status", "--prefix", PREFIX).exit());
  }

  private static long count(List<String> lines, String part) {
    return lines.stream().filter(l -> l.contains(part)).count();
  }

  /** The stream's lines as they come, read on a thread of its own. */
  private static List<String> lines(InputStream in) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                  lines.add(l);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "watch-log");
    t.setDaemon(true);
    t.start();
    return lines;
  }

  private static String read(Path dir) {
    try {
      return Files.readString(dir.resolve("app.conf"));
    } catch (IOException e) {
      return "";
    }
  }
}
