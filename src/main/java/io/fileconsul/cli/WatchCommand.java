package io.fileconsul.cli;

import io.fileconsul.app.ExecHook;
import io.fileconsul.app.Pacer;
import io.fileconsul.app.Progress;
import io.fileconsul.app.Puller;
import io.fileconsul.app.SyncResult;
import io.fileconsul.app.Watcher;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.Outcome;
import io.fileconsul.sync.PathFilter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
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
      names = "--wait",
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

  @Parameters(paramLabel = "PATTERN", arity = "0..*", description = "Only these paths.")
  List<String> patterns = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = out();
    PrintWriter err = err();
    CliContext ctx = context();
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Session s = openSession();
    Optional<ExecHook> command =
        Optional.ofNullable(exec)
            .map(cmd -> new ExecHook(cmd, execTimeout, Duration.ofSeconds(EXEC_GRACE_SECONDS)));
    AtomicReference<Watcher> running = new AtomicReference<>();
    Thread hook =
        new Thread(
            () -> {
              stopping.set(true);
              Watcher w = running.get();
              if (w == null || w.querying()) {
                s.store.close(); // aborts a blocking query at once; a pull is left to finish
              }
              command.ifPresent(ExecHook::stop); // else the loop waits for a running command to end
              try {
                done.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              out.flush();
              err.println("fileconsul watch: stopped");
              err.flush();
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
      Watcher watcher =
          new Watcher(
              s.workspace,
              new Puller(s.workspace, Progress.NONE),
              pacer,
              ctx.clock(),
              new Log(out, err, s.where()),
              command.map(c -> c));
      running.set(watcher);
      err.println("fileconsul watch: following " + s.where());
      err.flush();
      watcher.run(
          PathFilter.of(patterns), new Watcher.Options(queryWait, stale, force), stopping::get);
      return ExitCode.OK.code();
    } finally {
      done.countDown();
      if (!stopping.get()) {
        Runtime.getRuntime().removeShutdownHook(hook);
        s.close();
      }
    }
  }

  /** Prints what the loop reports: pulls on stdout as pull prints them, the rest on stderr. */
  private final class Log implements Watcher.Listener {
    private final PrintWriter out;
    private final PrintWriter err;
    private final String where;

    Log(PrintWriter out, PrintWriter err, String where) {
      this.out = out;
      this.err = err;
      this.where = where;
    }

    @Override
    public void pulled(SyncResult r) {
      warn(r.warnings());
      // What was applied; its problems come through failed(), once each, not on every retry.
      ResultView.print(out, r, where, Verbosity.CHANGES);
    }

    @Override
    public void failed(Outcome outcome) {
      outcome
          .inReportOrder()
          .forEach(
              p -> err.println(ExitCodes.errorLine(redactor(), p.message()) + " (still watching)"));
      err.flush();
    }

    @Override
    public void outageStarted(FileconsulException e) {
      err.println(
          "warning: "
              + ExitCodes.oneLine(redactor().redact(e.getMessage()))
              + " (retrying with backoff until it answers)");
      err.flush();
    }

    @Override
    public void outageEnded(Duration length) {
      err.println("fileconsul watch: Consul answers again after " + length.toSeconds() + "s");
      err.flush();
    }

    @Override
    public void hookExited(int exitCode) {
      if (exitCode != 0) {
        err.println("warning: --exec command exited " + exitCode);
        err.flush();
      }
    }
  }
}
