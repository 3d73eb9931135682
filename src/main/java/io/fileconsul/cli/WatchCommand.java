package io.fileconsul.cli;

import io.fileconsul.app.CountingStore;
import io.fileconsul.app.ExecHook;
import io.fileconsul.app.MetricsRegistry;
import io.fileconsul.app.Pacer;
import io.fileconsul.app.Progress;
import io.fileconsul.app.PullGate;
import io.fileconsul.app.Puller;
import io.fileconsul.app.Watcher;
import io.fileconsul.app.Workspace;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.metrics.MetricsServer;
import io.fileconsul.sync.PathFilter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    versionProvider = FileconsulCommand.Version.class,
    description = {
      "Follow the prefix with blocking queries and pull every change as it happens, for hosts"
          + " without a consul watch. Retries with capped backoff while Consul is unreachable"
          + " (logged once per outage). SIGTERM or SIGINT ends it cleanly: the file being written is"
          + " finished, never left half-written. Exit 0 after a signal."
    })
final class WatchCommand extends SessionCommand {
  @Option(
      names = "--exec",
      paramLabel = "COMMAND",
      description =
          "Run this shell command after every pull that changed files, e.g. 'consul reload'.")
  String exec;

  @Option(
      names = "--exec-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = Durations.ExecTimeout.class,
      description =
          "Stop an --exec command that runs longer, 1ms to 24h: TERM to it and what it"
              + " started, KILL "
              + EXEC_GRACE_SECONDS
              + "s later (default: ${DEFAULT-VALUE}).")
  Duration execTimeout;

  /** How long a stopped --exec command gets between TERM and KILL, on a timeout or a SIGTERM. */
  private static final int EXEC_GRACE_SECONDS = 5;

  @Option(names = "--stale", description = "Let any server answer (spreads the load of a fleet).")
  boolean stale;

  @Option(
      names = "--query-wait",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = Durations.QueryWait.class,
      description =
          "How long one blocking query may wait, 1s to 10m (Consul's cap; default:"
              + " ${DEFAULT-VALUE}).")
  Duration queryWait;

  @Option(
      names = {"-f", "--force"},
      description = "As pull --force: the remote side always wins.")
  boolean force;

  @Mixin ServiceOptions service;
  @Mixin CheckOptions check;

  @Parameters(paramLabel = "PATTERN", arity = "0..*", description = "Only these paths.")
  List<String> patterns = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException, java.io.IOException {
    PrintWriter out = out();
    PrintWriter err = err();
    CliContext ctx = context();
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch stopSignal = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Session s = openSession();
    Optional<ExecHook> command =
        Optional.ofNullable(exec)
            .map(cmd -> new ExecHook(cmd, execTimeout, Duration.ofSeconds(EXEC_GRACE_SECONDS)));
    WatchLog log =
        new WatchLog(
            out,
            err,
            redactor(),
            s.where(),
            service.logFormat == WatchLog.Format.JSON,
            ctx.clock());
    MetricsRegistry registry = new MetricsRegistry(ctx.clock());
    Optional<MetricsServer> server = Optional.empty();
    if (service.metrics().isPresent()) {
      server = Optional.of(serve(service.metrics().get(), registry));
      log.info(
          "serving /metrics and /health on " + server.get().address(),
          Map.of("metrics_addr", server.get().address().toString()));
    }
    AtomicReference<Watcher> running = new AtomicReference<>();
    AtomicReference<Puller> pulling = new AtomicReference<>();
    Thread hook =
        new Thread(
            () -> {
              stopping.set(true);
              stopSignal.countDown(); // ends a --splay or --min-pull-interval wait
              Watcher w = running.get();
              if (w == null || w.querying()) {
                s.store.close(); // aborts a blocking query at once; a pull is left to finish
              }
              command.ifPresent(ExecHook::stop); // else the loop waits for a running command to end
              Optional.ofNullable(pulling.get()).ifPresent(Puller::stopCheck); // and --check's
              try {
                done.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              out.flush();
              log.info("stopped", Map.of());
              Runtime.getRuntime().halt(ExitCode.OK.code());
            },
            "fileconsul-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Pacer pacer =
          new Pacer(
              ctx.clock(),
              d -> Thread.sleep(d.toMillis()),
              3,
              Duration.ofSeconds(1),
              Duration.ofSeconds(60));
      PullGate gate =
          new PullGate(
              ctx.clock(),
              d -> stopSignal.await(d.toMillis(), TimeUnit.MILLISECONDS),
              service.splay,
              service.minPullInterval,
              n -> ThreadLocalRandom.current().nextLong(n));
      Workspace ws =
          server.isPresent() ? s.workspace.over(new CountingStore(s.store, registry)) : s.workspace;
      Puller puller = new Puller(ws, Progress.NONE);
      if (check.command().isPresent()) {
        puller = puller.checkedBy(check.command().get(), check.checkTimeout, registry);
      }
      pulling.set(puller);
      Watcher watcher =
          new Watcher(ws, puller, pacer, ctx.clock(), log, command.map(c -> c), registry, gate);
      running.set(watcher);
      log.info("following " + s.where(), Map.of("where", s.where()));
      watcher.run(
          PathFilter.of(patterns),
          new Watcher.Options(queryWait, stale, force, service.quiet.min(), service.quiet.max()),
          stopping::get);
      return ExitCode.OK.code();
    } finally {
      done.countDown();
      if (!stopping.get()) {
        Runtime.getRuntime().removeShutdownHook(hook);
        server.ifPresent(MetricsServer::close);
        s.close();
      }
    }
  }

  private MetricsServer serve(InetSocketAddress address, MetricsRegistry registry) {
    try {
      return MetricsServer.start(address, registry::render, registry::unhealthy);
    } catch (java.io.IOException e) {
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "cannot listen on --metrics-addr "
              + address
              + ": "
              + io.fileconsul.core.LocalErrors.describe(e)
              + "; pick a free port");
    }
  }
}
