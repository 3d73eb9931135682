package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.testing.EtcdServer;
import io.fileconsul.testing.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of pull and push at random moments against etcd: every file and value is wholly the old
 * or the new version, none is lost, and the next run converges. Fewer kills than CrashSafetyIT's
 * (the atomic writes are shared code; what is new is etcd's transactions and listing).
 */
class EtcdCrashIT {
  private static final long SEED = 20261201L;
  private static final int KILLS = 12;
  private static final TreeVersions TREE = new TreeVersions(20, 4, 100 * 1024, 500 * 1000);
  private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
  @RegisterExtension static final EtcdServer ETCD = new EtcdServer();

  private static Launcher launcher() {
    return new Launcher(
        Map.of("FILECONSUL_BACKEND", "etcd", "ETCDCTL_ENDPOINTS", ETCD.member().address()));
  }

  @Test
  void pullKilledAtRandomMomentsTearsNothingAndTheNextPullConverges(@TempDir Path tmp)
      throws Exception {
    String prefix = "crash-pull";
    Path share = tmp.resolve("share");
    String[] pull = {"pull", "--basepath", share.toString(), "--prefix", prefix};
    Random random = new Random(SEED);
    setRemote(prefix, Map.of(), TREE.version(0));
    long full = timed(() -> expect(0, launcher().run(tmp, RUN_LIMIT, pull)));
    List<String> problems = new ArrayList<>();
    int alive = 0;
    for (int run = 0; run < KILLS; run++) {
      Map<String, byte[]> before = TREE.version(run);
      Map<String, byte[]> after = TREE.version(run + 1);
      setRemote(prefix, before, after);
      long delay = (long) (random.nextDouble() * full);
      String where = run + " (kill after " + delay + " ms)";
      Launcher.Running p = launcher().spawn(tmp, pull);
      Thread.sleep(delay); // the random kill moment is the point of this test
      alive += p.isAlive() ? 1 : 0;
      p.kill();
      TreeVersions.judge(TreeVersions.readTree(share), before, after)
          .problems()
          .forEach((path, what) -> problems.add("run " + where + " " + path + ": " + what));
      expect(0, launcher().run(tmp, RUN_LIMIT, pull));
      assertEquals(0, TreeVersions.judge(TreeVersions.readTree(share), after, after).whollyOld());
      assertEquals(after.keySet(), TreeVersions.readTree(share).keySet(), "run " + run);
    }
    System.out.printf(
        "FIGURES etcd crash pull: kills=%d killedWhileRunning=%d fullPullMs=%d problems=%d%n",
        KILLS, alive, full, problems.size());
    assertEquals(List.of(), problems, "files torn or lost by a killed pull");
  }

  @Test
  void pushKilledAtRandomMomentsTearsNothingAndTheNextPushConverges(@TempDir Path tmp)
      throws Exception {
    String prefix = "crash-push";
    Path share = tmp.resolve("share");
    String[] push = {"push", "--basepath", share.toString(), "--prefix", prefix};
    Random random = new Random(SEED + 1);
    TreeVersions.writeTree(share, TREE.version(0));
    long full = timed(() -> expect(0, launcher().run(tmp, RUN_LIMIT, push)));
    List<String> problems = new ArrayList<>();
    int alive = 0;
    for (int run = 0; run < KILLS; run++) {
      Map<String, byte[]> before = TREE.version(run);
      Map<String, byte[]> after = TREE.version(run + 1);
      TreeVersions.writeTree(share, after);
      long delay = (long) (random.nextDouble() * full);
      String where = run + " (kill after " + delay + " ms)";
      Launcher.Running p = launcher().spawn(tmp, push);
      Thread.sleep(delay); // the random kill moment is the point of this test
      alive += p.isAlive() ? 1 : 0;
      p.kill();
      TreeVersions.judge(ETCD.kv().getPrefixBytes(prefix + "/"), before, after)
          .problems()
          .forEach((path, what) -> problems.add("run " + where + " " + path + ": " + what));
      expect(0, launcher().run(tmp, RUN_LIMIT, push));
      Map<String, byte[]> remote = ETCD.kv().getPrefixBytes(prefix + "/");
      remote.remove(".fileconsul/modes");
      assertEquals(after.keySet(), remote.keySet(), "run " + run);
      assertEquals(0, TreeVersions.judge(remote, after, after).problems().size(), "run " + run);
    }
    System.out.printf(
        "FIGURES etcd crash push: kills=%d killedWhileRunning=%d fullPushMs=%d problems=%d%n",
        KILLS, alive, full, problems.size());
    assertEquals(List.of(), problems, "values torn or lost by a killed push");
  }

  private static void setRemote(
      String prefix, Map<String, byte[]> before, Map<String, byte[]> after) {
    before.keySet().stream()
        .filter(p -> !after.containsKey(p))
        .forEach(p -> ETCD.kv().delete(prefix + "/" + p));
    after.forEach((p, bytes) -> ETCD.kv().put(prefix + "/" + p, bytes));
  }

  private static Launcher.Result expect(int exit, Launcher.Result r) {
    assertEquals(exit, r.exit(), r::toString);
    return r;
  }

  private static long timed(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
