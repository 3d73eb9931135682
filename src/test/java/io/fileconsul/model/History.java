package io.fileconsul.model;

import io.fileconsul.cli.InProcess;
import io.fileconsul.model.Step.Kind;
import io.fileconsul.testing.ConsulAgent;
import io.fileconsul.testing.Kv;
import io.fileconsul.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One seeded sequence: three nodes (share directories) and a foreign writer on one prefix of a real
 * agent, steps drawn from the seed, and after every step the checks of {@link Checks}. The first
 * violation ends the sequence; {@link #report()} then prints the seed and every step.
 */
final class History {
  static final int NODES = 3;

  final long seed;
  final List<Step> steps = new ArrayList<>();
  final List<String> violations = new ArrayList<>();
  final Map<String, Integer> exits = new TreeMap<>();
  final Map<String, Long> millisByKind = new TreeMap<>();
  private final Random random;
  private final ConsulAgent agent;
  private final Kv kv;
  private final Launcher launcher;
  private final Path root;
  private final String prefix;
  private final List<NodeModel> nodes = new ArrayList<>();
  private final Set<String> written = new HashSet<>();
  private final boolean[] mayHaveTemps = new boolean[NODES];
  private int counter;
  private int drawn;

  History(long seed, ConsulAgent agent, Kv kv, Launcher launcher, Path root) throws IOException {
    this.seed = seed;
    this.random = new Random(seed);
    this.agent = agent;
    this.kv = kv;
    this.launcher = launcher;
    this.root = Files.createDirectories(root.resolve("s" + seed));
    this.prefix = "model/s" + seed;
    for (int i = 0; i < NODES; i++) {
      nodes.add(new NodeModel(i, Files.createDirectories(this.root.resolve("n" + i))));
    }
  }

  /** Runs {@code count} steps, then the convergence check; false at the first violation. */
  boolean run(int count) {
    for (int i = 0; i < count && violations.isEmpty(); i++) {
      Step s = Moves.next(random, dirs(), remote(), this::content);
      steps.add(s);
      drawn++;
      long t0 = System.nanoTime();
      step(s);
      millisByKind.merge(s.kind().name(), (System.nanoTime() - t0) / 1_000_000, Long::sum);
    }
    if (violations.isEmpty()) {
      steps.add(Step.command(-1, "converge: every node push --force, then pull --force"));
      new Convergence(this).run();
    }
    return violations.isEmpty();
  }

  private void step(Step s) {
    List<Map<String, String>> before = locals();
    Map<String, String> remoteBefore = remote();
    Checks checks = new Checks(this, before, remoteBefore);
    switch (s.kind()) {
      case CREATE, EDIT, DELETE, CHMOD, SWAP, RENAME -> {
        Moves.apply(s, nodes.get(s.node()).dir);
        checks.untouched(s.node(), remoteBefore);
      }
      case FOREIGN_HOSTILE -> {
        // Through /v1/txn: the HTTP API would clean the path of a key holding "..".
        kv.txnSet(
            Map.of(
                prefix + "/" + s.path(),
                Values.content(s.value()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        checks.untouched(-1, null);
      }
      case FOREIGN_PUT -> {
        long flags = Values.exec(s.value()) ? Observe.EXEC_FLAGS : Observe.PLAIN_FLAGS;
        kv.putWithFlags(prefix + "/" + s.path(), Values.content(s.value()), flags);
        checks.untouched(-1, null);
      }
      case FOREIGN_DELETE -> {
        kv.delete(prefix + "/" + s.path());
        checks.untouched(-1, null);
      }
      case COMMAND -> {
        InProcess.Result r = run(s.node(), s.value());
        checks.finished(nodes.get(s.node()), s.value(), r);
        statusIsTheTruth(s.node());
      }
      case TWO_PUSHES -> twoPushes(s, checks);
      case KILLED -> killed(s, checks);
      case AGENT_RESTART -> agentRestart(s, checks);
    }
    checks.everywhere();
  }

  private void twoPushes(Step s, Checks checks) {
    CompletableFuture<InProcess.Result> a =
        CompletableFuture.supplyAsync(() -> run(s.node(), "push"));
    CompletableFuture<InProcess.Result> b =
        CompletableFuture.supplyAsync(() -> run(s.other(), "push"));
    checks.racingPushes(nodes.get(s.node()), a.join(), nodes.get(s.other()), b.join());
    statusIsTheTruth(s.node());
    statusIsTheTruth(s.other());
  }

  private void killed(Step s, Checks checks) {
    NodeModel n = nodes.get(s.node());
    try {
      Launcher.Running p =
          launcher.spawn(n.dir, s.value(), "--basepath", n.dir.toString(), "--prefix", prefix);
      // The kill moment is the random part of this step: waitFor returns early if the run ends.
      boolean ended = p.process().waitFor(s.delayMs(), TimeUnit.MILLISECONDS);
      if (!ended) {
        p.kill();
      }
      Launcher.Result r = p.await(Duration.ofSeconds(30));
      checks.killed(n, s.value(), ended ? r.exit() : -9, r.err());
    } catch (IOException e) {
      violations.add("could not start " + s + ": " + e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    // A killed pull may leave its temp files in the tree, and any killed run one of the record.
    mayHaveTemps[s.node()] = true;
    statusIsTheTruth(s.node());
  }

  private void agentRestart(Step s, Checks checks) {
    agent.kill();
    InProcess.Result r = run(s.node(), s.value());
    checks.unavailable(nodes.get(s.node()), s.value(), r);
    try {
      agent.restart();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    agent.awaitLeader(Duration.ofSeconds(90));
    checks.untouched(-1, null);
  }

  /** status on a node after a run: exit code, paths and letters as the model has them. */
  void statusIsTheTruth(int node) {
    NodeModel n = nodes.get(node);
    Map<String, String> local = Observe.local(n.dir);
    Map<String, String> remote = remote();
    InProcess.Result r = run(node, "status --porcelain");
    new Checks(this, locals(), remote).status(n, local, remote, r);
  }

  InProcess.Result run(int node, String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of("--basepath", nodes.get(node).dir.toString(), "--prefix", prefix));
    InProcess.Result r =
        InProcess.run(Map.of("CONSUL_HTTP_ADDR", agent.address()), args.toArray(new String[0]));
    synchronized (exits) {
      exits.merge(command.split(" ")[0] + "=" + r.exit(), 1, Integer::sum);
    }
    return r;
  }

  /** A new value: unique per write, so a torn or misplaced one is recognisable; some are large. */
  private String content() {
    String tag = "s" + seed + "-v" + (++counter) + "\n";
    String c = random.nextInt(10) == 0 ? tag.repeat(300_000 / tag.length()) : tag;
    written.add(c);
    return c;
  }

  boolean wasWritten(String content) {
    return written.contains(content);
  }

  boolean mayHaveTemps(int node) {
    return mayHaveTemps[node];
  }

  void pulledToTheEnd(int node) {
    mayHaveTemps[node] = false;
  }

  List<NodeModel> nodes() {
    return nodes;
  }

  List<Path> dirs() {
    return nodes.stream().map(n -> n.dir).toList();
  }

  List<Map<String, String>> locals() {
    return nodes.stream().map(n -> Observe.local(n.dir)).toList();
  }

  /** The prefix as a node should see it: only the pool's paths (hostile keys are skipped). */
  Map<String, String> remote() {
    Map<String, String> all = Observe.remote(kv, prefix);
    all.keySet().retainAll(Moves.POOL);
    return all;
  }

  Map<String, String> rawRemote() {
    return Observe.remote(kv, prefix);
  }

  Kv kv() {
    return kv;
  }

  String prefix() {
    return prefix;
  }

  Path root() {
    return root;
  }

  void violation(String what) {
    violations.add(what);
  }

  Kind lastKind() {
    return steps.isEmpty() ? null : steps.get(steps.size() - 1).kind();
  }

  String report() {
    StringBuilder b = new StringBuilder();
    b.append("seed ").append(seed).append(": ").append(violations.get(0)).append('\n');
    b.append("replay: mvn verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false")
        .append(" -Dit.test=ModelIT -Dmodel.seed=")
        .append(seed)
        .append(" -Dmodel.sequences=1 -Dmodel.steps=")
        .append(drawn)
        .append('\n');
    for (int i = 0; i < steps.size(); i++) {
      b.append(String.format("%3d  %s%n", i + 1, steps.get(i)));
    }
    return b.toString();
  }
}
