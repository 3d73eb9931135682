package io.fileconsul.it;

import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.EtcdCluster;
import io.fileconsul.testing.EtcdKv;
import io.fileconsul.testing.EtcdMember;
import io.fileconsul.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' cluster experiment: three members on loopback, pushes in a loop, kill -9 the leader.
 * Every push exits 0 or 5, no acknowledged push is lost, a rerun converges; then with two of three
 * members gone (no quorum) every command exits 5.
 */
class EtcdClusterIT {
  private static final int PUSHES = 10;
  @RegisterExtension static final EtcdCluster ETCD = new EtcdCluster();

  @Test
  void killingTheLeaderMidLoopLosesNoAcknowledgedPushAndNoQuorumExits5(@TempDir Path tmp)
      throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Shell sh = Shell.againstEtcd(ETCD.endpoints()).prefix("cluster");
    Poll.until(Duration.ofSeconds(30), "a leader", () -> ETCD.leader().isPresent());
    EtcdMember leader = ETCD.leader().orElseThrow();

    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    List<Run> runs = new CopyOnWriteArrayList<>();
    AtomicInteger done = new AtomicInteger();
    ExecutorService loop = Executors.newSingleThreadExecutor();
    Future<?> pushes =
        loop.submit(
            () -> {
              Map<String, String> local = new TreeMap<>();
              for (int i = 1; i <= PUSHES; i++) {
                String name = "f" + i + ".txt";
                write(a, name, "value " + i + "\n");
                local.put(name, "value " + i + "\n");
                Run r = sh.in(a).$("push --timeout 10s");
                runs.add(r);
                if (r.exit() == 0) {
                  acknowledged.putAll(local); // a push that exits 0 wrote every local change
                }
                done.incrementAndGet();
              }
              return null;
            });
    Poll.until(Duration.ofSeconds(60), "two pushes", () -> done.get() >= 2);
    leader.kill(); // SIGKILL
    long killed = System.nanoTime();
    long electedMs = -1;
    while (electedMs < 0) {
      if (ETCD.leader().filter(m -> m != leader).isPresent()) {
        electedMs = (System.nanoTime() - killed) / 1_000_000;
      } else if (System.nanoTime() - killed > Duration.ofSeconds(30).toNanos()) {
        throw new AssertionError("no new leader within 30 s of killing " + leader.address());
      } else {
        Thread.sleep(20); // between polls of the election, as Poll does
      }
    }
    System.out.println("FIGURES etcd re-election: " + electedMs + " ms");
    pushes.get(300, TimeUnit.SECONDS);
    loop.shutdown();

    List<Integer> exits = new ArrayList<>();
    for (Run r : runs) {
      exits.add(r.exit());
      assertTrue(r.exit() == 0 || r.exit() == 5, r::toString);
      if (r.exit() == 5) {
        System.out.print("[EtcdClusterIT] push during the election: " + r.err());
      }
    }
    System.out.println("FIGURES etcd pushes around a leader kill: exits " + exits);
    EtcdKv survivor =
        new EtcdKv(
            ETCD.members().stream().filter(EtcdMember::isRunning).findFirst().orElseThrow().url());
    Map<String, String> stored = survivor.getPrefix("cluster/");
    acknowledged.forEach(
        (name, value) ->
            assertEquals(
                value, stored.get("cluster/" + name), "acknowledged push of " + name + " lost"));

    sh.in(a).$("push").exits(0); // the rerun converges
    sh.in(a).$("status --porcelain").exits(0).outIs("");
    sh.in(b).$("pull").exits(0);
    assertEquals(Trees.fingerprint(a).keySet(), Trees.fingerprint(b).keySet());
    assertEquals(PUSHES, survivor.getPrefix("cluster/").size());

    // No quorum: one member of three left.
    EtcdMember second =
        ETCD.members().stream().filter(EtcdMember::isRunning).findFirst().orElseThrow();
    second.kill();
    EtcdMember last =
        ETCD.members().stream().filter(EtcdMember::isRunning).findFirst().orElseThrow();
    assertNotEquals(leader, last);
    write(a, "after-quorum.txt", "lost\n");
    long t0 = System.nanoTime();
    Run push = sh.in(a).$("push --timeout 10s").exits(5).errContains("error: ");
    Run status = sh.in(a).$("status --timeout 10s").exits(5);
    System.out.print("[EtcdClusterIT] no quorum: " + push.err() + status.err());
    System.out.println(
        "FIGURES etcd no quorum: push and status exit 5 in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms together");
  }
}
