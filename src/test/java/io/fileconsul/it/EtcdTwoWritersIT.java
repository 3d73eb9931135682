package io.fileconsul.it;

import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fileconsul.testing.EtcdServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two share directories push different edits of one file at the same moment against etcd: the
 * transaction's mod_revision compare lets exactly one through, the other exits 3 and keeps its
 * edit. Two pushes of different executables at once both rewrite the modes document: the one whose
 * document moved must retry on the new one, not fail and not drop the other's entry.
 */
class EtcdTwoWritersIT {
  private static final int ROUNDS = 8;
  @RegisterExtension static final EtcdServer ETCD = new EtcdServer();
  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopPool() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
  }

  @Test
  void exactlyOneOfTwoSimultaneousPushesWinsEveryRound(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Shell sh = Shell.againstEtcd(ETCD.member().address()).prefix("race");
    write(a, "shared.txt", "base\n");
    sh.in(a).$("push").exits(0).noErr();
    sh.in(b).$("pull").exits(0).noErr();
    for (int round = 1; round <= ROUNDS; round++) {
      String textA = "edit by a, round " + round + "\n";
      String textB = "edit by b, round " + round + "\n";
      write(a, "shared.txt", textA);
      write(b, "shared.txt", textB);
      CyclicBarrier together = new CyclicBarrier(2);
      Future<Run> fa = pool.submit(() -> push(together, sh.in(a)));
      Future<Run> fb = pool.submit(() -> push(together, sh.in(b)));
      Run ra = fa.get(150, TimeUnit.SECONDS);
      Run rb = fb.get(150, TimeUnit.SECONDS);
      String both = "round " + round + ":\n" + ra + "\n" + rb;
      assertEquals(
          List.of(0, 3),
          List.of(Math.min(ra.exit(), rb.exit()), Math.max(ra.exit(), rb.exit())),
          () -> "exactly one push must win, the other exit 3; " + both);
      boolean aWon = ra.exit() == 0;
      Run loser = aWon ? rb : ra; // lost at the compare ("... in etcd after ...") or at the plan
      assertFalse(loser.err().contains("Consul"), () -> "an etcd run never names Consul: " + loser);
      Path loserDir = aWon ? b : a;
      assertEquals(aWon ? textA : textB, ETCD.kv().get("race/shared.txt").orElseThrow(), both);
      assertEquals(aWon ? textB : textA, Trees.text(loserDir.resolve("shared.txt")), both);
      sh.in(loserDir).$("pull --force").exits(0);
    }
    sh.in(a).$("status --porcelain").exits(0).outIs("").noErr();
    sh.in(b).$("status --porcelain").exits(0).outIs("").noErr();
  }

  @Test
  void twoPushesOfDifferentExecutablesAtOnceBothWinAndBothModesAreKept(@TempDir Path tmp)
      throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Shell sh = Shell.againstEtcd(ETCD.member().address()).prefix("modes-race");
    for (int round = 1; round <= ROUNDS; round++) {
      write(a, "bin/a" + round + ".sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755);
      write(b, "bin/b" + round + ".sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755);
      CyclicBarrier together = new CyclicBarrier(2);
      Future<Run> fa = pool.submit(() -> push(together, sh.in(a)));
      Future<Run> fb = pool.submit(() -> push(together, sh.in(b)));
      Run ra = fa.get(150, TimeUnit.SECONDS);
      Run rb = fb.get(150, TimeUnit.SECONDS);
      ra.exits(0);
      rb.exits(0);
      sh.in(a).$("pull").exits(0);
      sh.in(b).$("pull").exits(0);
    }
    for (Path side : List.of(a, b)) {
      for (int round = 1; round <= ROUNDS; round++) {
        for (String who : List.of("a", "b")) {
          Path p = side.resolve("bin/" + who + round + ".sh");
          assertEquals(0755, Trees.mode(p), () -> p + "'s exec bit was lost");
        }
      }
    }
    sh.in(a).$("status --porcelain").exits(0).outIs("").noErr();
  }

  /** Pushes as soon as the other side is ready too. */
  private static Run push(CyclicBarrier together, Shell side) throws Exception {
    together.await();
    return side.$("push");
  }
}
