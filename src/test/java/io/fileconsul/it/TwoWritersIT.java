package io.fileconsul.it;

import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.fileconsul.testing.DevAgent;
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
 * Two share directories push different edits of one file at the same moment. Compare-and-set must
 * let exactly one through; the other must stop with exit 3 and keep its edit locally.
 */
class TwoWritersIT {
  private static final int ROUNDS = 20;
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();
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
  void exactlyOneOfTwoSimultaneousPushesWinsEveryTime(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Shell sh = Shell.against(CONSUL.agent()).prefix("race");
    write(a, "shared.txt", "base\n");
    sh.in(a).$("push").exits(0).noErr();
    sh.in(b).$("pull").exits(0).noErr();

    int winsA = 0;
    int winsB = 0;
    int lostCas = 0;
    int sawConflictWhenPlanning = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      String textA = "edit by a, round " + round + "\n";
      String textB = "edit by b, round " + round + "\n";
      write(a, "shared.txt", textA);
      write(b, "shared.txt", textB);
      CyclicBarrier together = new CyclicBarrier(2);
      Future<Run> fa =
          pool.submit(
              () -> {
                together.await();
                return sh.in(a).$("push");
              });
      Future<Run> fb =
          pool.submit(
              () -> {
                together.await();
                return sh.in(b).$("push");
              });
      Run ra = fa.get(150, TimeUnit.SECONDS);
      Run rb = fb.get(150, TimeUnit.SECONDS);
      String both = "round " + round + ":\n" + ra + "\n" + rb;
      assertEquals(
          List.of(0, 3),
          List.of(Math.min(ra.exit(), rb.exit()), Math.max(ra.exit(), rb.exit())),
          () -> "exactly one push must win, the other exit 3; " + both);

      boolean aWon = ra.exit() == 0;
      Run loser = aWon ? rb : ra;
      Path loserDir = aWon ? b : a;
      String winnerText = aWon ? textA : textB;
      String loserText = aWon ? textB : textA;
      if (aWon) {
        winsA++;
      } else {
        winsB++;
      }
      assertEquals(winnerText, CONSUL.kv().get("race/shared.txt").orElseThrow().text(), both);
      if (loser
          .err()
          .contains("another writer changed shared.txt in Consul after this push read it")) {
        lostCas++;
      } else if (loser
          .err()
          .contains("1 path(s) changed on both sides were left alone: shared.txt")) {
        sawConflictWhenPlanning++;
      } else {
        fail("the loser should report a lost compare-and-set or a conflict; " + both);
      }
      assertEquals(
          loserText, Trees.text(loserDir.resolve("shared.txt")), "the loser keeps its edit");
      if (round % 4 == 1) { // a status costs a JVM start; a few rounds show it well enough
        sh.in(loserDir).$("status --porcelain").exits(1).outIs("MM shared.txt\n");
      }
      sh.in(loserDir).$("pull --force").exits(0).outContains("\tmodified:         shared.txt\n");
      assertEquals(winnerText, Trees.text(loserDir.resolve("shared.txt")));
    }
    System.out.printf(
        "[TwoWritersIT] %d rounds: a won %d, b won %d; losers exit 3: %d lost the"
            + " compare-and-set, %d saw the conflict when planning; no update lost%n",
        ROUNDS, winsA, winsB, lostCas, sawConflictWhenPlanning);
    assertEquals(ROUNDS, winsA + winsB);
    sh.in(a).$("status --porcelain").exits(0).outIs("").noErr();
    sh.in(b).$("status --porcelain").exits(0).outIs("").noErr();
  }
}
