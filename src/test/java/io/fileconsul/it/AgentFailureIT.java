package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.sync.KeyPaths;
import io.fileconsul.testing.ConsulAgent;
import io.fileconsul.testing.Kv;
import io.fileconsul.testing.Launcher;
import io.fileconsul.testing.Poll;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent going away under a running push or pull (exit 5, one clear error line, nothing torn, a
 * rerun converges after a restart), and a leader killed in a 3-server cluster during a series of
 * pushes (each exits 0 or 5, nothing acknowledged is lost).
 */
class AgentFailureIT {
  private static final long SEED = Long.getLong("fileconsul.faults.seed", 20261121L);
  private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

  /** Old version: small files, so setting it up is quick. */
  private static final TreeVersions SMALL = new TreeVersions(160, 0, 1024, 2048);

  /**
   * New version: 160 files of 200-300 KiB, about 40 MB. A push needs one request per file, and a
   * pull keeps listing values only up to a quarter of its heap (at least 32 MiB) and re-reads the
   * rest; the pull below runs with -Xmx128m, so it talks to Consul until its very end.
   */
  private static final TreeVersions BIG = new TreeVersions(160, 0, 200 * 1024, 300 * 1024);

  /**
   * For the pull: 320 files of 200-300 KiB, about 80 MB, so that about 48 MB are read again one GET
   * at a time after the 32 MiB the listing keeps: a staged pull writes the kept ones without an
   * fsync each, and with 160 files it could finish its GETs before the agent was killed.
   */
  private static final TreeVersions BIG_PULL = new TreeVersions(320, 0, 200 * 1024, 300 * 1024);

  private static final TreeVersions SMALL_PULL = new TreeVersions(320, 0, 1024, 2048);

  private static final String FIRST = "d0/file-000.bin";
  private static final String LAST = "d3/file-159.bin";

  @Test
  void pushCutOffByAStoppedAgentExitsFiveAndConvergesAfterRestart(@TempDir Path tmp)
      throws IOException {
    try (ConsulAgent agent = ConsulAgent.builder().persistent().start()) {
      agent.awaitLeader(Duration.ofSeconds(60));
      Kv kv = new Kv(agent.url());
      Launcher launcher = new Launcher(Map.of("CONSUL_HTTP_ADDR", agent.address()));
      String prefix = "stop-push";
      Path share = tmp.resolve("share");
      String[] push = {"push", "--basepath", share.toString(), "--prefix", prefix};
      Map<String, byte[]> before = SMALL.version(0);
      Map<String, byte[]> after = BIG.version(1);
      TreeVersions.writeTree(share, before);
      expectExit(0, launcher.run(tmp, RUN_LIMIT, push));
      TreeVersions.writeTree(share, after);

      Launcher.Running run = launcher.spawn(tmp, push);
      String firstNew = TreeVersions.sha256(after.get(FIRST));
      String lastOld = TreeVersions.sha256(before.get(LAST));
      Poll.until(
          RUN_LIMIT,
          "the push to be part-way (first key new, last key old)",
          () -> {
            assertTrue(run.isAlive(), "the push ended before it could be cut off");
            return valueSha(kv, prefix + "/" + FIRST).equals(Optional.of(firstNew))
                && valueSha(kv, prefix + "/" + LAST).equals(Optional.of(lastOld));
          });
      agent.stop();
      Launcher.Result cut = run.await(RUN_LIMIT);
      System.out.println(
          "FIGURES agent stop during push: exit=" + cut.exit() + " stderr=" + cut.err().strip());

      assertEquals(5, cut.exit(), cut.toString());
      assertOneErrorLine(cut, agent);
      assertEquals(
          List.of(),
          problems(TreeVersions.readTree(share), after, after),
          "push must not touch local files");

      agent.restart();
      agent.awaitLeader(Duration.ofSeconds(60));
      TreeVersions.Verdict v = TreeVersions.judge(remote(kv, prefix), before, after);
      System.out.println(
          "FIGURES agent stop during push: remote wholly old="
              + v.whollyOld()
              + " wholly new="
              + v.whollyNew()
              + " problems="
              + v.problems());
      assertEquals(Map.of(), v.problems(), "values torn or lost by the cut-off push");
      assertTrue(v.whollyNew() > 0 && v.whollyOld() > 0, "the push was cut off part-way: " + v);

      expectExit(0, launcher.run(tmp, RUN_LIMIT, push));
      assertSame(after, remote(kv, prefix), "Consul after the rerun");
      expectStatusClean(launcher, tmp, share, prefix);
    }
  }

  @Test
  void pullCutOffByAKilledAgentExitsFiveAndConvergesAfterRestart(@TempDir Path tmp)
      throws IOException {
    try (ConsulAgent agent = ConsulAgent.builder().persistent().start()) {
      agent.awaitLeader(Duration.ofSeconds(60));
      Kv kv = new Kv(agent.url());
      Launcher launcher =
          new Launcher(
              Map.of(
                  "CONSUL_HTTP_ADDR",
                  agent.address(),
                  "JAVA_OPTS",
                  "-Xmx128m")); // value budget 32 MiB < the 80 MB tree
      String prefix = "kill-pull";
      Path share = tmp.resolve("share");
      String[] pull = {"pull", "--basepath", share.toString(), "--prefix", prefix};
      Map<String, byte[]> before = SMALL_PULL.version(0);
      Map<String, byte[]> after = BIG_PULL.version(1);
      before.forEach((path, bytes) -> assertEquals(200, kv.putBytes(prefix + "/" + path, bytes)));
      expectExit(0, launcher.run(tmp, RUN_LIMIT, pull));
      after.forEach((path, bytes) -> assertEquals(200, kv.putBytes(prefix + "/" + path, bytes)));

      Launcher.Running run = launcher.spawn(tmp, pull);
      // A pull of this many files stages them all under temp names before it renames any into
      // place (Puller.STAGE_FROM), so its first temp file is the sign that it has begun writing.
      Poll.closely(
          RUN_LIMIT,
          "the pull to have staged its first file",
          () -> {
            assertTrue(run.isAlive(), "the pull ended before it could be cut off");
            return hasTempFile(share);
          });
      agent.kill();
      Launcher.Result cut = run.await(RUN_LIMIT);
      System.out.println(
          "FIGURES agent kill during pull: exit=" + cut.exit() + " stderr=" + cut.err().strip());

      assertEquals(5, cut.exit(), cut.toString());
      assertOneErrorLine(cut, agent);
      TreeVersions.Verdict v = TreeVersions.judge(TreeVersions.readTree(share), before, after);
      System.out.println(
          "FIGURES agent kill during pull: local wholly old="
              + v.whollyOld()
              + " wholly new="
              + v.whollyNew()
              + " problems="
              + v.problems());
      assertEquals(Map.of(), v.problems(), "files torn or lost by the cut-off pull");
      assertTrue(v.whollyNew() > 0 && v.whollyOld() > 0, "the pull was cut off part-way: " + v);

      agent.restart();
      agent.awaitLeader(Duration.ofSeconds(60));
      expectExit(0, launcher.run(tmp, RUN_LIMIT, pull));
      assertSame(after, TreeVersions.readTree(share), "share directory after the rerun");
      expectStatusClean(launcher, tmp, share, prefix);
    }
  }

  @Test
  void leaderKilledDuringPushesLosesNothingAcknowledged(@TempDir Path tmp) throws Exception {
    List<ConsulAgent> servers = new ArrayList<>();
    try {
      ConsulAgent s1 = ConsulAgent.builder().cluster(3, "fc-s1", List.of()).start();
      servers.add(s1);
      for (String name : List.of("fc-s2", "fc-s3")) {
        servers.add(ConsulAgent.builder().cluster(3, name, List.of(s1.serfJoinAddress())).start());
      }
      for (ConsulAgent s : servers) {
        s.awaitLeader(Duration.ofSeconds(90));
      }
      String oldLeaderAddr = servers.get(0).leader().orElseThrow();
      ConsulAgent leader =
          servers.stream()
              .filter(s -> s.serverAddress().equals(oldLeaderAddr))
              .findFirst()
              .orElseThrow();
      List<ConsulAgent> survivors = servers.stream().filter(s -> s != leader).toList();
      ConsulAgent target = survivors.get(0);
      Kv kv = new Kv(target.url());
      Launcher launcher = new Launcher(Map.of("CONSUL_HTTP_ADDR", target.address()));
      String prefix = "failover";
      Path share = tmp.resolve("share");
      String[] push = {"push", "--basepath", share.toString(), "--prefix", prefix};
      Random random = new Random(SEED);

      Files.createDirectories(share.resolve("p"));
      Files.writeString(share.resolve("counter.txt"), "-1\n");
      long firstPush = timed(() -> expectExit(0, launcher.run(tmp, RUN_LIMIT, push)));

      int pushes = 30;
      int killAt = 5;
      Map<Integer, String> acknowledged = new TreeMap<>();
      Map<Integer, Integer> exits = new TreeMap<>();
      Map<String, Integer> failureMessages = new LinkedHashMap<>();
      List<Long> millis = new ArrayList<>();
      CompletableFuture<Long> reelection = null;
      for (int i = 0; i < pushes; i++) {
        String content = "push " + i + " " + HexFormat.of().toHexDigits(random.nextLong()) + "\n";
        Files.writeString(share.resolve(String.format("p/push-%02d.txt", i)), content);
        Files.writeString(share.resolve("counter.txt"), i + "\n");
        long t = System.nanoTime();
        Launcher.Result r;
        if (i == killAt) {
          Launcher.Running run = launcher.spawn(tmp, push);
          Thread.sleep(random.nextInt((int) firstPush)); // a random moment inside the push
          long killedAt = System.nanoTime();
          leader.kill();
          reelection =
              CompletableFuture.supplyAsync(
                  () -> {
                    Poll.until(
                        Duration.ofSeconds(60),
                        "a new leader after killing " + oldLeaderAddr,
                        () ->
                            survivors.stream()
                                .allMatch(
                                    s ->
                                        s.leader()
                                            .filter(l -> !l.equals(oldLeaderAddr))
                                            .isPresent()));
                    return (System.nanoTime() - killedAt) / 1_000_000;
                  });
          r = run.await(RUN_LIMIT);
        } else {
          r = launcher.run(tmp, RUN_LIMIT, push);
        }
        millis.add((System.nanoTime() - t) / 1_000_000);
        exits.put(i, r.exit());
        assertTrue(r.exit() == 0 || r.exit() == 5, "push " + i + " must exit 0 or 5\n" + r);
        if (r.exit() == 0) {
          acknowledged.put(i, content);
        } else {
          assertOneErrorLine(r, target);
          failureMessages.merge(r.err().strip(), 1, Integer::sum);
        }
      }
      long reelectionMillis = reelection.join();
      for (ConsulAgent s : survivors) {
        s.awaitLeader(Duration.ofSeconds(60));
      }

      Map<String, byte[]> stored = remote(kv, prefix);
      List<String> lost = new ArrayList<>();
      acknowledged.forEach(
          (i, content) -> {
            String path = String.format("p/push-%02d.txt", i);
            byte[] got = stored.get(path);
            if (got == null || !new String(got, StandardCharsets.UTF_8).equals(content)) {
              lost.add(path);
            }
          });
      int lastAcked = acknowledged.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
      int counter =
          Integer.parseInt(new String(stored.get("counter.txt"), StandardCharsets.UTF_8).strip());
      if (counter < lastAcked) {
        lost.add("counter.txt (holds " + counter + ", push " + lastAcked + " was acknowledged)");
      }
      long ok = exits.values().stream().filter(e -> e == 0).count();
      long five = exits.values().stream().filter(e -> e == 5).count();
      System.out.println(
          "FIGURES failover: pushes="
              + pushes
              + " killAt="
              + killAt
              + " exit0="
              + ok
              + " exit5="
              + five
              + " lost="
              + lost.size()
              + " reelectionMs="
              + reelectionMillis
              + " pushMs="
              + millis
              + " exits="
              + exits);
      failureMessages.forEach((m, n) -> System.out.println("FIGURES failover: " + n + "x " + m));
      assertEquals(List.of(), lost, "acknowledged pushes lost in the failover");

      expectExit(0, launcher.run(tmp, RUN_LIMIT, push));
      expectStatusClean(launcher, tmp, share, prefix);
      assertSame(TreeVersions.readTree(share), remote(kv, prefix), "Consul after the final push");

      noQuorum(survivors, target, kv, launcher, tmp, push, share);
    } finally {
      servers.forEach(ConsulAgent::close);
    }
  }

  /**
   * Kills a second server, so the last one has no quorum, and records what a write gets and after
   * how long (the reference says 500 "No cluster leader" after rpc_hold_timeout, 7 s).
   */
  private static void noQuorum(
      List<ConsulAgent> survivors,
      ConsulAgent target,
      Kv kv,
      Launcher launcher,
      Path tmp,
      String[] push,
      Path share)
      throws IOException {
    ConsulAgent other = survivors.stream().filter(s -> s != target).findFirst().orElseThrow();
    long killed = System.nanoTime();
    other.kill();
    Poll.until(
        Duration.ofSeconds(60),
        "the last server to lose its leader",
        () -> target.leader().isEmpty());
    long noLeaderAfter = (System.nanoTime() - killed) / 1_000_000;

    long t = System.nanoTime();
    HttpResponse<byte[]> raw =
        kv.send("PUT", "/v1/kv/failover/no-quorum", "x".getBytes(StandardCharsets.UTF_8));
    long rawMillis = (System.nanoTime() - t) / 1_000_000;
    String rawBody = new String(raw.body(), StandardCharsets.UTF_8);

    Files.writeString(share.resolve("counter.txt"), "no quorum\n");
    t = System.nanoTime();
    Launcher.Result r = launcher.run(tmp, RUN_LIMIT, push);
    long pushMillis = (System.nanoTime() - t) / 1_000_000;
    System.out.println(
        "FIGURES no quorum: leaderGoneAfterMs="
            + noLeaderAfter
            + " rawPut=HTTP "
            + raw.statusCode()
            + " body=\""
            + rawBody.strip()
            + "\" afterMs="
            + rawMillis
            + " pushExit="
            + r.exit()
            + " pushMs="
            + pushMillis
            + " stderr="
            + r.err().strip());

    assertEquals(500, raw.statusCode(), "a write without a leader: " + rawBody);
    assertTrue(rawBody.contains("No cluster leader"), rawBody);
    assertEquals(5, r.exit(), r.toString());
    assertOneErrorLine(r, target);
    assertTrue(r.err().contains("No cluster leader"), r.err());
  }

  /** Exactly one line, "error: ..." naming the agent and a next step; no stack trace. */
  private static void assertOneErrorLine(Launcher.Result r, ConsulAgent agent) {
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), "stderr must be one line\n" + r);
    String line = lines.get(0);
    assertTrue(line.startsWith("error: "), line);
    assertTrue(line.contains(agent.address()), "names the agent: " + line);
    assertTrue(
        line.contains("retry") || line.contains("is the agent running"),
        "says what to do: " + line);
    assertFalse(line.contains("Exception") || line.contains("\tat "), "no Java internals: " + line);
  }

  private static void expectStatusClean(Launcher launcher, Path tmp, Path share, String prefix) {
    Launcher.Result st =
        launcher.run(
            tmp,
            RUN_LIMIT,
            "status",
            "--porcelain",
            "--basepath",
            share.toString(),
            "--prefix",
            prefix);
    assertEquals(0, st.exit(), st.toString());
    assertEquals("", st.out(), st.toString());
  }

  private static Launcher.Result expectExit(int code, Launcher.Result r) {
    assertEquals(code, r.exit(), r.toString());
    return r;
  }

  private static void assertSame(
      Map<String, byte[]> expected, Map<String, byte[]> actual, String what) {
    assertEquals(List.of(), problems(actual, expected, expected), what);
    assertEquals(expected.keySet(), actual.keySet(), what);
  }

  private static List<String> problems(
      Map<String, byte[]> actual, Map<String, byte[]> before, Map<String, byte[]> after) {
    List<String> out = new ArrayList<>();
    TreeVersions.judge(actual, before, after).problems().forEach((p, w) -> out.add(p + " " + w));
    return out;
  }

  private static Optional<String> valueSha(Kv kv, String key) {
    return kv.get(key).map(e -> TreeVersions.sha256(e.value()));
  }

  private static boolean hasTempFile(Path share) {
    try (Stream<Path> files = Files.walk(share)) {
      return files.anyMatch(p -> KeyPaths.isTempName(p.getFileName().toString()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return false; // a temp file renamed away mid-walk: look again
    }
  }

  private static Map<String, byte[]> remote(Kv kv, String prefix) {
    Map<String, byte[]> out = new TreeMap<>();
    kv.list(prefix + "/")
        .forEach((key, e) -> out.put(key.substring(prefix.length() + 1), e.value()));
    return out;
  }

  private static long timed(Runnable run) {
    long t = System.nanoTime();
    run.run();
    return (System.nanoTime() - t) / 1_000_000;
  }
}
