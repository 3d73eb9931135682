package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fileconsul.testing.ConsulAgent;
import io.fileconsul.testing.Kv;
import io.fileconsul.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of pull and push at random moments, over a tree of large files: nothing is ever torn
 * (each file or value is wholly the old or the new version), and the next run converges. The kill
 * delays come from a seeded Random spread over the measured length of a full run, so a failure can
 * be replayed with -Dfileconsul.crash.seed.
 */
class CrashSafetyIT {
  private static final long SEED = Long.getLong("fileconsul.crash.seed", 20261121L);
  private static final int PULL_KILLS = Integer.getInteger("fileconsul.crash.pullKills", 52);
  private static final int PUSH_KILLS = Integer.getInteger("fileconsul.crash.pushKills", 24);

  /**
   * 24 files of 100-500 KiB (about 7 MB): 20 rewritten in every version, 4 added and 4 deleted.
   * Fewer than 40 to keep 76 kill runs near five minutes on two shared cores (most of a run's cost
   * is the three JVM starts, not the bytes).
   */
  private static final TreeVersions TREE = new TreeVersions(20, 4, 100 * 1024, 500 * 1000);

  private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

  private static ConsulAgent agent;
  private static Kv kv;
  private static Launcher launcher;

  @BeforeAll
  static void startAgent() throws IOException {
    // Frequent snapshots keep the dev agent's in-memory raft log from holding every version.
    agent = ConsulAgent.builder().hcl("raft_snapshot_threshold = 256").start();
    agent.awaitLeader(Duration.ofSeconds(60));
    kv = new Kv(agent.url());
    launcher = new Launcher(Map.of("CONSUL_HTTP_ADDR", agent.address()));
  }

  @AfterAll
  static void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  /** What a series of kills found, printed for docs/reliability.md. */
  private static final class Tally {
    int kills;
    int killedWhileRunning;
    int mixed;
    int torn;
    int lost;
    long leftoverTemps;
    final List<String> problems = new ArrayList<>();

    void add(String where, TreeVersions.Verdict v) {
      v.problems()
          .forEach(
              (path, what) -> {
                problems.add(where + ": " + path + " " + what);
                if (what.startsWith("torn")) {
                  torn++;
                } else {
                  lost++;
                }
              });
      if (v.mixed()) {
        mixed++;
      }
    }
  }

  @Test
  void pullKilledAtRandomMomentsLeavesEveryFileWholeAndTheNextPullConverges(@TempDir Path tmp)
      throws Exception {
    String prefix = "crash-pull";
    Path share = tmp.resolve("share");
    String[] pull = {"pull", "--basepath", share.toString(), "--prefix", prefix};
    String[] status = {"status", "--porcelain", "--basepath", share.toString(), "--prefix", prefix};
    Random random = new Random(SEED);

    setRemote(prefix, Map.of(), TREE.version(0));
    long first = timed(() -> expectExit(0, launcher.run(tmp, RUN_LIMIT, pull)));
    // A temp file as a crash would leave it: it must never show or spread, and a pull removes it.
    Path planted = share.resolve("d0/.fileconsul-00112233aabbccdd.tmp");
    Files.write(planted, "half a file".getBytes(StandardCharsets.UTF_8));
    setRemote(prefix, TREE.version(0), TREE.version(1));
    long update = timed(() -> expectExit(0, launcher.run(tmp, RUN_LIMIT, pull)));
    long measured = Math.max(first, update);
    long fullMillis = measured;
    FullRun full = new FullRun(measured);

    Tally t = new Tally();
    long started = System.nanoTime();
    for (int run = 0; run < PULL_KILLS; run++) {
      int v = run + 1;
      Map<String, byte[]> before = TREE.version(v);
      Map<String, byte[]> after = TREE.version(v + 1);
      setRemote(prefix, before, after);
      long delay = (long) (random.nextDouble() * fullMillis);
      String where = "pull run " + run + " (seed " + SEED + ", kill after " + delay + " ms)";

      Launcher.Running p = launcher.spawn(tmp, pull);
      Thread.sleep(delay); // the random kill moment is the point of this test
      t.killedWhileRunning += p.isAlive() ? 1 : 0;
      p.kill();
      t.kills++;
      t.add(where, TreeVersions.judge(TreeVersions.readTree(share), before, after));

      long t0 = System.nanoTime();
      Launcher.Result again = launcher.run(tmp, RUN_LIMIT, pull);
      fullMillis = full.next((System.nanoTime() - t0) / 1_000_000);
      assertEquals(0, again.exit(), where + ": the pull after the kill failed\n" + again);
      Launcher.Result st = launcher.run(tmp, RUN_LIMIT, status);
      assertEquals(0, st.exit(), where + ": status after the converging pull\n" + st);
      assertEquals("", st.out(), where + ": status lists differences\n" + st);
      assertTreeEquals(after, TreeVersions.readTree(share), where + ": after the converging pull");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    t.leftoverTemps = TreeVersions.tempFiles(share);

    System.out.printf(
        "FIGURES crash pull: seed=%d fullPullMs=%d..%d kills=%d killedWhileRunning=%d"
            + " killsLeavingOldAndNewMix=%d tornFiles=%d lostFiles=%d leftoverTempFiles=%d"
            + " seconds=%.1f%n",
        SEED,
        measured,
        fullMillis,
        t.kills,
        t.killedWhileRunning,
        t.mixed,
        t.torn,
        t.lost,
        t.leftoverTemps,
        seconds);
    assertEquals(List.of(), t.problems, "files torn or lost by a killed pull");
    assertEquals(PULL_KILLS, t.kills, "every planned kill point for pull ran");
    assertFalse(Files.exists(planted), "a pull removes a killed run's temp file under its lock");
    assertEquals(0, t.leftoverTemps, "temp files left after the last converging pull");
    assertFalse(
        kv.keys(prefix + "/").stream().anyMatch(k -> k.endsWith(".tmp")),
        "no temp file reached Consul");
  }

  @Test
  void pushKilledAtRandomMomentsLeavesEveryValueWholeAndTheNextPushConverges(@TempDir Path tmp)
      throws Exception {
    String prefix = "crash-push";
    Path share = tmp.resolve("share");
    String[] push = {"push", "--basepath", share.toString(), "--prefix", prefix};
    String[] status = {"status", "--porcelain", "--basepath", share.toString(), "--prefix", prefix};
    Random random = new Random(SEED + 1);

    TreeVersions.writeTree(share, TREE.version(0));
    Path planted = share.resolve("d1/.fileconsul-8899aabbccddeeff.tmp");
    Files.write(planted, "half a file".getBytes(StandardCharsets.UTF_8));
    long first = timed(() -> expectExit(0, launcher.run(tmp, RUN_LIMIT, push)));
    TreeVersions.writeTree(share, TREE.version(1));
    long update = timed(() -> expectExit(0, launcher.run(tmp, RUN_LIMIT, push)));
    long measured = Math.max(first, update);
    long fullMillis = measured;
    FullRun full = new FullRun(measured);

    Tally t = new Tally();
    long started = System.nanoTime();
    for (int run = 0; run < PUSH_KILLS; run++) {
      int v = run + 1;
      Map<String, byte[]> before = TREE.version(v);
      Map<String, byte[]> after = TREE.version(v + 1);
      TreeVersions.writeTree(share, after);
      long delay = (long) (random.nextDouble() * fullMillis);
      String where = "push run " + run + " (seed " + (SEED + 1) + ", kill after " + delay + " ms)";

      Launcher.Running p = launcher.spawn(tmp, push);
      Thread.sleep(delay); // the random kill moment is the point of this test
      t.killedWhileRunning += p.isAlive() ? 1 : 0;
      p.kill();
      t.kills++;
      t.add(where, TreeVersions.judge(remote(prefix), before, after));

      long t0 = System.nanoTime();
      Launcher.Result again = launcher.run(tmp, RUN_LIMIT, push);
      fullMillis = full.next((System.nanoTime() - t0) / 1_000_000);
      assertEquals(0, again.exit(), where + ": the push after the kill failed\n" + again);
      assertTreeEquals(after, remote(prefix), where + ": Consul after the converging push");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // Once at the end, not per run: the remote was compared byte for byte after every push, and
    // a JVM start per run would cost more than a minute.
    Launcher.Result st = launcher.run(tmp, RUN_LIMIT, status);
    assertEquals(0, st.exit(), "status after the last converging push\n" + st);
    assertEquals("", st.out(), "status lists differences\n" + st);
    assertFalse(
        kv.keys(prefix + "/").stream().anyMatch(k -> k.endsWith(".tmp")),
        "the planted temp file was never pushed");

    System.out.printf(
        "FIGURES crash push: seed=%d fullPushMs=%d..%d kills=%d killedWhileRunning=%d"
            + " killsLeavingOldAndNewMix=%d tornValues=%d lostValues=%d seconds=%.1f%n",
        SEED + 1,
        measured,
        fullMillis,
        t.kills,
        t.killedWhileRunning,
        t.mixed,
        t.torn,
        t.lost,
        seconds);
    assertEquals(List.of(), t.problems, "values torn or lost by a killed push");
    assertEquals(PUSH_KILLS, t.kills, "every planned kill point for push ran");
  }

  /**
   * How long a full run takes now: the longest of the last five converging runs (a kill before any
   * write leaves the whole tree to the next run). Re-measured as the series goes because the load
   * on shared build machines changes by a factor of two within minutes, and kill delays must keep
   * spreading over the whole run rather than landing after its end.
   */
  private static final class FullRun {
    private final java.util.ArrayDeque<Long> recent = new java.util.ArrayDeque<>();

    FullRun(long initial) {
      recent.add(initial);
    }

    long next(long converged) {
      recent.add(converged);
      if (recent.size() > 5) {
        recent.removeFirst();
      }
      return recent.stream().mapToLong(Long::longValue).max().orElseThrow();
    }
  }

  /** Makes the prefix hold exactly {@code after}, key by key, as other writers would. */
  private static void setRemote(
      String prefix, Map<String, byte[]> before, Map<String, byte[]> after) {
    for (String path : before.keySet()) {
      if (!after.containsKey(path)) {
        assertEquals(200, kv.delete(prefix + "/" + path), "delete " + path);
      }
    }
    after.forEach(
        (path, bytes) -> assertEquals(200, kv.putBytes(prefix + "/" + path, bytes), "put " + path));
  }

  /** The prefix as a tree: path to bytes. */
  private static Map<String, byte[]> remote(String prefix) {
    Map<String, byte[]> out = new TreeMap<>();
    kv.list(prefix + "/")
        .forEach((key, e) -> out.put(key.substring(prefix.length() + 1), e.value()));
    return out;
  }

  private static void assertTreeEquals(
      Map<String, byte[]> expected, Map<String, byte[]> actual, String what) {
    assertEquals(expected.keySet(), actual.keySet(), what + ": paths");
    expected.forEach(
        (path, bytes) ->
            assertEquals(
                TreeVersions.sha256(bytes),
                TreeVersions.sha256(actual.get(path)),
                what + ": content of " + path));
  }

  private static Launcher.Result expectExit(int code, Launcher.Result r) {
    assertEquals(code, r.exit(), r.toString());
    return r;
  }

  private static long timed(Supplier<?> run) {
    long t = System.nanoTime();
    run.get();
    return (System.nanoTime() - t) / 1_000_000;
  }
}
