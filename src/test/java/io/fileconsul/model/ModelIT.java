package io.fileconsul.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.ConsulAgent;
import io.fileconsul.testing.Kv;
import io.fileconsul.testing.Launcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random histories against a model (issue 13): three nodes and a foreign writer on one real agent
 * that keeps its data across restarts; local edits, file/directory swaps and renames, foreign puts
 * and deletes (hostile keys too), push, pull, --force, --prune, two pushes at once, kill -9 of a
 * push or pull, and agent restarts. After every step the invariants of {@link Checks} hold, and
 * every sequence ends converged. CI runs a fixed set of seeds; {@code -Dmodel.minutes=60} runs new
 * seeds for an hour, {@code -Dmodel.seed=S -Dmodel.sequences=1} replays one.
 */
class ModelIT {
  private static final long FIRST_SEED = Long.getLong("model.seed", 1);
  private static final int SEQUENCES = Integer.getInteger("model.sequences", 30);
  private static final int STEPS = Integer.getInteger("model.steps", 70);
  private static final double MINUTES =
      Double.parseDouble(System.getProperty("model.minutes", "0"));

  /** A bound on CI time should the machine be slow: stop starting sequences after this. */
  private static final Duration CI_BUDGET = Duration.ofMinutes(8);

  private static ConsulAgent agent;

  @BeforeAll
  static void startAgent() throws IOException {
    agent = ConsulAgent.builder().persistent().start();
    agent.awaitLeader(Duration.ofSeconds(90));
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  @Test
  void randomHistoriesKeepEveryGuarantee(@TempDir Path root) throws IOException {
    Kv kv = new Kv(agent.url());
    Launcher launcher = new Launcher(Map.of("CONSUL_HTTP_ADDR", agent.address()));
    long start = System.nanoTime();
    Duration budget = MINUTES > 0 ? Duration.ofSeconds((long) (MINUTES * 60)) : CI_BUDGET;
    List<String> failures = new ArrayList<>();
    Map<String, Integer> exits = new TreeMap<>();
    Map<String, Long> millis = new TreeMap<>();
    int sequences = 0;
    int steps = 0;
    for (long seed = FIRST_SEED; ; seed++) {
      boolean timeLeft = System.nanoTime() - start < budget.toNanos();
      if (!timeLeft || (MINUTES <= 0 && sequences == SEQUENCES)) {
        break;
      }
      History h = new History(seed, agent, kv, launcher, root);
      if (!h.run(STEPS)) {
        failures.add(h.report());
      }
      sequences++;
      steps += h.steps.size();
      h.exits.forEach((k, v) -> exits.merge(k, v, Integer::sum));
      h.millisByKind.forEach((k, v) -> millis.merge(k, v, Long::sum));
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    System.out.printf(
        "FIGURES model: sequences=%d steps=%d violations=%d seed=%d seconds=%d%n",
        sequences, steps, failures.size(), FIRST_SEED, seconds);
    System.out.println("FIGURES model exits: " + exits);
    System.out.println("FIGURES model ms by step kind: " + millis);
    failures.forEach(System.out::println);
    assertTrue(
        failures.isEmpty(),
        failures.size() + " sequences broke an invariant:\n" + String.join("\n", failures));
  }
}
