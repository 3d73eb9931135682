package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fileconsul.testing.ConsulAgent;
import io.fileconsul.testing.DevAgent;
import io.fileconsul.testing.Launcher;
import io.fileconsul.testing.Poll;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** fileconsul watch run as a service (issue 12), black-box against real Consul agents. */
class WatchServiceIT {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();
  private static final Duration LONG = Duration.ofSeconds(60);
  private static Launcher fileconsul;
  private final List<Process> background = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path root;

  @BeforeAll
  static void launcher() {
    fileconsul = new Launcher(Map.of("CONSUL_HTTP_ADDR", CONSUL.agent().address()));
  }

  @AfterEach
  void stopBackground() {
    background.forEach(Process::destroyForcibly);
  }

  @Test
  void metricsAndHealthFollowTheSyncsAndHealthTurns503WhenTheAgentStops() throws Exception {
    try (ConsulAgent own = ConsulAgent.startDev()) {
      Path b = Files.createDirectories(root.resolve("b"));
      new io.fileconsul.testing.Kv(own.url()).put("mh/a.txt", "one\n");
      int port = freePort();
      Process watch =
          new Launcher(Map.of("CONSUL_HTTP_ADDR", own.address()))
              .start(b, "watch", "--prefix", "mh", "--metrics-addr", ":" + port);
      background.add(watch);

      Poll.until(
          LONG, "the first pull to be healthy", () -> get(port, "/health").equals("200 ok\n"));
      String metrics = get(port, "/metrics");
      for (String line :
          List.of(
              "fileconsul_syncs_total{outcome=\"ok\"} 1",
              "fileconsul_syncs_total{outcome=\"refused\"} 0",
              "fileconsul_files_written_total 1",
              "fileconsul_files_deleted_total 0",
              "fileconsul_up 1",
              "# TYPE fileconsul_request_duration_seconds histogram",
              "fileconsul_request_duration_seconds_count{operation=\"watch\"} ",
              "fileconsul_exec_runs_total{outcome=\"ok\"} 0")) {
        assertTrue(metrics.contains(line), line + " in\n" + metrics);
      }
      assertTrue(metrics.matches("(?s).*\nfileconsul_remote_index [1-9][0-9]*\n.*"), metrics);
      assertTrue(
          metrics.matches("(?s).*\nfileconsul_last_success_timestamp_seconds 1[0-9]{9}.*"),
          metrics);
      assertTrue(
          metrics.matches(
              "(?s).*\nfileconsul_requests_total\\{operation=\"watch\",outcome=\"ok\"} [1-9].*"),
          metrics);
      assertEquals("404", get(port, "/metricsx").substring(0, 3));

      own.stop();

      Poll.until(
          LONG,
          "health to say the agent is gone",
          () -> get(port, "/health").startsWith("503 backend unreachable: "));
      assertTrue(get(port, "/metrics").contains("\nfileconsul_up 0\n"));
      assertTrue(watch.isAlive(), "the watch keeps retrying");
    }
  }

  @Test
  void fiveWritesInQuickSuccessionGiveOnePullAndOneExecRunWithTheChangedPaths() throws Exception {
    Path b = Files.createDirectories(root.resolve("b"));
    int port = freePort();
    Process watch =
        fileconsul.start(
            b,
            "watch",
            "--prefix",
            "db",
            "--wait",
            "2s:20s",
            "--metrics-addr",
            ":" + port,
            "--exec",
            "echo run >> ../runs; printf '%s' \"$FILECONSUL_CHANGED\" > ../env; cat > ../stdin");
    background.add(watch);
    Poll.until(LONG, "the first (empty) pull", () -> get(port, "/health").equals("200 ok\n"));

    for (int i = 1; i <= 5; i++) {
      CONSUL.kv().put("db/conf/a.json", "{\"v\":" + i + "}");
      CONSUL.kv().put("db/b" + i + ".txt", "b\n");
      Thread.sleep(300); // pacing the writer as the issue states it, not waiting for the watch
    }

    Poll.until(LONG, "the --exec run", () -> read(root.resolve("stdin")).lines().count() == 6);
    assertEquals("{\"v\":5}", read(b.resolve("conf/a.json")));
    assertEquals("run\n", read(root.resolve("runs")), "one --exec run for five writes");
    String paths = "b1.txt\nb2.txt\nb3.txt\nb4.txt\nb5.txt\nconf/a.json\n";
    assertEquals(paths, sortedLines(read(root.resolve("env"))));
    assertEquals(paths, sortedLines(read(root.resolve("stdin"))));
    String metrics = get(port, "/metrics");
    assertTrue(metrics.contains("fileconsul_syncs_total{outcome=\"ok\"} 2\n"), metrics);
    assertTrue(metrics.contains("fileconsul_exec_runs_total{outcome=\"ok\"} 1\n"), metrics);
  }

  @Test
  void checkRefusesABadTreeThenAcceptsAGoodOne() throws Exception {
    Path b = Files.createDirectories(root.resolve("b"));
    Path check = root.resolve("check.sh");
    Files.writeString(check, "if grep -rq BAD \"$1\"; then exit 1; fi\n");
    CONSUL.kv().put("ck/svc.json", "good\n");
    int port = freePort();
    Process watch =
        fileconsul.start(
            b,
            "watch",
            "--prefix",
            "ck",
            "--metrics-addr",
            ":" + port,
            "--check",
            "sh " + check + " {}");
    background.add(watch);
    Poll.until(LONG, "the first pull", () -> read(b.resolve("svc.json")).equals("good\n"));

    CONSUL.kv().put("ck/svc.json", "BAD\n");
    Poll.until(
        LONG,
        "the refusal",
        () -> get(port, "/health").startsWith("503 last sync refused: --check command exited 1"));
    assertEquals("good\n", read(b.resolve("svc.json")));
    assertTrue(
        get(port, "/metrics").contains("fileconsul_check_runs_total{outcome=\"refused\"} 1"));

    CONSUL.kv().put("ck/svc.json", "better\n");
    Poll.until(LONG, "the good tree", () -> read(b.resolve("svc.json")).equals("better\n"));
    Poll.until(LONG, "health again", () -> get(port, "/health").equals("200 ok\n"));
    try (var s = Files.list(root)) {
      assertFalse(
          s.anyMatch(p -> p.getFileName().toString().contains(".fileconsul-check-")),
          "staging directories removed");
    }
  }

  @Test
  void sigtermStopsARunningCheckAndAppliesNothing() throws Exception {
    Path b = Files.createDirectories(root.resolve("b"));
    CONSUL.kv().put("cs/a.txt", "one\n");
    Process watch = fileconsul.start(b, "watch", "--prefix", "cs", "--check", "sleep 600");
    background.add(watch);
    Poll.until(
        LONG,
        "the --check command to run",
        () -> watch.descendants().anyMatch(h -> h.info().command().orElse("").endsWith("/sleep")));

    long start = System.nanoTime();
    watch.destroy(); // SIGTERM
    assertTrue(watch.waitFor(30, TimeUnit.SECONDS), "watch did not stop");
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertEquals(0, watch.exitValue());
    assertTrue(ms < 5_000, "took " + ms + " ms to stop");
    assertFalse(Files.exists(b.resolve("a.txt")), "a stopped check is no yes");
  }

  @Test
  void jsonLogsAreOneObjectALineAndNeverShowTheToken() throws Exception {
    Path b = Files.createDirectories(root.resolve("b"));
    CONSUL.kv().put("js/a.txt", "one\n");
    CONSUL.kv().put("js/keep.txt", "kept\n"); // deleting 1 of 2 files passes the mass-delete guard
    String token = "3f1e7c52-secret-token-never-printed";
    Launcher.Running watch =
        new Launcher(
                Map.of("CONSUL_HTTP_ADDR", CONSUL.agent().address(), "CONSUL_HTTP_TOKEN", token))
            .spawn(b, "watch", "--prefix", "js", "--log-format", "json");
    background.add(watch.process());
    Poll.until(LONG, "the first pull", () -> read(b.resolve("a.txt")).equals("one\n"));
    CONSUL.kv().delete("js/a.txt");
    Poll.until(LONG, "the delete", () -> !Files.exists(b.resolve("a.txt")));

    // SIGTERM through the handle: Process.destroy() also closes our end of its pipes, and the
    // lines not read yet would be lost
    watch.process().toHandle().destroy();
    Launcher.Result r = watch.await(Duration.ofSeconds(30));

    assertEquals(0, r.exit(), r.toString());
    assertFalse(r.out().contains(token) || r.err().contains(token), r.toString());
    List<JsonObject> lines =
        r.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    for (JsonObject o : lines) {
      assertTrue(o.get("time").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), o.toString());
      assertTrue(List.of("info", "warn", "error").contains(o.get("level").getAsString()));
      assertTrue(o.has("message") && o.get("fields").isJsonObject(), o.toString());
    }
    List<String> messages = lines.stream().map(o -> o.get("message").getAsString()).toList();
    assertFalse(messages.isEmpty(), r.toString());
    assertTrue(messages.get(0).startsWith("following prefix js/ at "), messages.toString());
    assertTrue(messages.contains("pulled 2 file(s)"), messages.toString());
    assertEquals("stopped", messages.get(messages.size() - 1));
    JsonObject written =
        lines.stream()
            .filter(o -> o.get("message").getAsString().startsWith("pulled"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "[\"a.txt\",\"keep.txt\"]", written.getAsJsonObject("fields").get("written").toString());
    JsonObject deleted =
        lines.stream()
            .filter(o -> o.get("message").getAsString().startsWith("pulled"))
            .skip(1)
            .findFirst()
            .orElseThrow();
    assertEquals("[\"a.txt\"]", deleted.getAsJsonObject("fields").get("deleted").toString());
  }

  /** "STATUS BODY" of a GET, or "down" when nothing answers yet. */
  private String get(int port, String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + (path.equals("/health") ? " " : "\n") + r.body();
    } catch (IOException e) {
      return "down";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "down";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String sortedLines(String s) {
    return s.lines().sorted().map(l -> l + "\n").reduce("", String::concat);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
