package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.ConsulAgent;
import io.fileconsul.testing.DevAgent;
import io.fileconsul.testing.Launcher;
import io.fileconsul.testing.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** pull as a real consul watch handler, and fileconsul watch, against a real Consul dev agent. */
class WatchIT {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();
  private static Launcher fileconsul;
  private final List<Process> background = new ArrayList<>();

  @TempDir Path a;
  @TempDir Path b;

  @BeforeAll
  static void launcher() {
    fileconsul = new Launcher(Map.of("CONSUL_HTTP_ADDR", CONSUL.agent().address()));
  }

  @AfterEach
  void stopBackground() {
    background.forEach(Process::destroyForcibly);
  }

  @Test
  void consulWatchWithPullAsHandlerKeepsADirectoryInSync() throws Exception {
    String prefix = "cw";
    write(a, "config/app.json", "{\"v\":1}");
    write(a, "old.txt", "to be deleted");
    assertEquals(0, fileconsul.run(a, "push", "--prefix", prefix).exit());

    String launcher =
        Path.of(System.getProperty("fileconsul.launcher", "bin/fileconsul"))
            .toAbsolutePath()
            .toString();
    Process watch =
        new ProcessBuilder(
                ConsulAgent.binary().toString(),
                "watch",
                "-http-addr=" + CONSUL.agent().address(),
                "-type=keyprefix",
                "-prefix=" + prefix + "/",
                // the handler's own requests (a delete is confirmed with one GET) need the agent's
                // address
                launcher,
                "pull",
                "--addr",
                CONSUL.agent().address(),
                "--prefix",
                prefix,
                "--basepath",
                b.toString())
            .redirectErrorStream(true)
            .redirectOutput(b.getParent().resolve("watch-" + prefix + ".log").toFile())
            .start();
    background.add(watch);

    // the first invocation syncs the fresh directory
    Poll.until(
        Duration.ofSeconds(60),
        "the initial handler run",
        () -> read(b, "config/app.json").equals("{\"v\":1}"));

    write(a, "config/app.json", "{\"v\":2}");
    write(a, "bin/new.sh", "#!/bin/sh\n");
    Files.delete(a.resolve("old.txt"));
    assertEquals(0, fileconsul.run(a, "push", "--prefix", prefix).exit());

    Poll.until(
        Duration.ofSeconds(60),
        "B to follow A",
        () ->
            read(b, "config/app.json").equals("{\"v\":2}")
                && read(b, "bin/new.sh").equals("#!/bin/sh\n")
                && !Files.exists(b.resolve("old.txt")));
    assertTrue(watch.isAlive(), "a handler failure would have stopped consul watch");
    assertEquals(0, fileconsul.run(b, "status", "--prefix", prefix).exit());
  }

  @Test
  void anAgentConfiguredWatchRunsPullWithThePayloadOnStdin() throws Exception {
    String launcher =
        Path.of(System.getProperty("fileconsul.launcher", "bin/fileconsul"))
            .toAbsolutePath()
            .toString();
    java.net.ServerSocket probe = new java.net.ServerSocket(0);
    int port = probe.getLocalPort();
    probe.close();
    // the agent runs the handler itself, without a shell, and logs (not stops on) failures
    try (ConsulAgent watching =
        ConsulAgent.builder()
            .httpPort(port)
            .hcl(
                "watches = [{ type = \"keyprefix\", prefix = \"aw/\", args = [\""
                    + launcher
                    + "\","
                    + " \"pull\", \"--addr\", \"127.0.0.1:"
                    + port
                    + "\", \"--prefix\", \"aw\","
                    + " \"--basepath\", \""
                    + b
                    + "\", \"--debug\"] }]")
            .start()) {
      watching.awaitLeader(Duration.ofSeconds(60));
      Launcher there = new Launcher(Map.of("CONSUL_HTTP_ADDR", "127.0.0.1:" + port));
      write(a, "svc.json", "{\"service\":1}");
      assertEquals(0, there.run(a, "push", "--prefix", "aw").exit());

      Poll.until(
          Duration.ofSeconds(60),
          "the agent's handler",
          () -> read(b, "svc.json").equals("{\"service\":1}"));
      write(a, "svc.json", "{\"service\":2}");
      assertEquals(0, there.run(a, "push", "--prefix", "aw").exit());
      Poll.until(
          Duration.ofSeconds(60),
          "the second change",
          () -> read(b, "svc.json").equals("{\"service\":2}"));
    }
  }

  @Test
  void fileconsulWatchFollowsThePrefixAndStopsCleanlyOnSigterm() throws Exception {
    String prefix = "fw";
    write(a, "a.txt", "one");
    assertEquals(0, fileconsul.run(a, "push", "--prefix", prefix).exit());
    Process watch =
        fileconsul.start(b, "watch", "--prefix", prefix, "--exec", "touch ../exec-ran-" + prefix);
    background.add(watch);

    Poll.until(Duration.ofSeconds(60), "the first pull", () -> read(b, "a.txt").equals("one"));
    write(a, "a.txt", "two");
    assertEquals(0, fileconsul.run(a, "push", "--prefix", prefix).exit());
    Poll.until(Duration.ofSeconds(60), "the change", () -> read(b, "a.txt").equals("two"));
    assertTrue(
        Files.exists(b.getParent().resolve("exec-ran-" + prefix)), "--exec ran after a change");

    watch.destroy(); // SIGTERM
    assertTrue(watch.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, watch.exitValue());
  }

  /** A hung --exec command used to keep SIGTERM from ending the watch until it was killed. */
  @Test
  void sigtermStopsARunningExecCommandAndExitsPromptly() throws Exception {
    String prefix = "fx";
    write(a, "a.txt", "one");
    assertEquals(0, fileconsul.run(a, "push", "--prefix", prefix).exit());
    Process watch = fileconsul.start(b, "watch", "--prefix", prefix, "--exec", "sleep 600");
    background.add(watch);
    Poll.until(
        Duration.ofSeconds(60), "the --exec command to run", () -> sleepUnder(watch).isPresent());
    ProcessHandle sleep = sleepUnder(watch).orElseThrow();

    long start = System.nanoTime();
    watch.destroy(); // SIGTERM
    assertTrue(watch.waitFor(30, TimeUnit.SECONDS), "watch did not stop");
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertEquals(0, watch.exitValue());
    assertTrue(ms < 5_000, "took " + ms + " ms to stop"); // TERM ends a sleep at once
    Poll.until(
        Duration.ofSeconds(5),
        "the sleep to be gone",
        () -> io.fileconsul.app.ExecHook.ended(sleep));
  }

  private static java.util.Optional<ProcessHandle> sleepUnder(Process p) {
    return p.descendants()
        .filter(h -> h.info().command().orElse("").endsWith("/sleep"))
        .findFirst();
  }

  @Test
  void sigtermDuringALargePullLetsItFinishWithNoTornFile() throws Exception {
    String prefix = "big";
    Random random = new Random(42);
    Map<String, byte[]> versions = new java.util.HashMap<>();
    for (int i = 0; i < 120; i++) {
      byte[] data = new byte[300_000 + random.nextInt(100_000)];
      random.nextBytes(data);
      versions.put("f" + i, data);
      Files.write(a.resolve("f" + i), data);
    }
    assertEquals(0, fileconsul.run(a, "push", "--prefix", prefix).exit());

    // With 128 MB of heap the listing keeps at most 32 MiB of the 42 MB of values, so the pull
    // reads the rest back from Consul as it goes: SIGTERM must let it do so, not cut it off.
    Process watch =
        new Launcher(Map.of("CONSUL_HTTP_ADDR", CONSUL.agent().address(), "JAVA_OPTS", "-Xmx128m"))
            .start(b, "watch", "--prefix", prefix);
    background.add(watch);
    Poll.until(Duration.ofSeconds(60), "the pull to be under way", () -> count(b) > 0);
    watch.destroy();
    assertTrue(watch.waitFor(30, TimeUnit.SECONDS));

    assertEquals(0, watch.exitValue());
    assertEquals(120, count(b), "the pull under way when SIGTERM came did not finish");
    try (Stream<Path> files = Files.list(b)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        assertFalse(name.endsWith(".tmp"), "left a temp file: " + name);
        assertTrue(
            java.util.Arrays.equals(versions.get(name), Files.readAllBytes(f)), "torn: " + name);
      }
    }
    assertEquals(0, fileconsul.run(b, "pull", "--prefix", prefix).exit());
    assertEquals(0, fileconsul.run(b, "status", "--prefix", prefix).exit());
  }

  private static long count(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  private static String read(Path dir, String rel) {
    try {
      return Files.readString(dir.resolve(rel));
    } catch (IOException e) {
      return "";
    }
  }

  private static void write(Path dir, String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }
}
