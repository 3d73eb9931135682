package io.fileconsul.app;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.Outcome;
import io.fileconsul.core.Problem;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.Listing;
import io.fileconsul.sync.PathFilter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Follows a prefix with blocking queries and pulls on every real change, for hosts without a consul
 * watch. Index rules from Consul's blocking-query docs: an index that goes backwards resets to 0,
 * an index below 1 is raised to 1, and the loop is rate-limited, not slept.
 */
public final class Watcher {
  /** What the loop reports; the CLI prints it. */
  public interface Listener {
    void pulled(SyncResult result);

    /**
     * A pull that did not bring the directory in sync, or a hook that failed: each problem once.
     */
    void failed(Outcome outcome);

    void outageStarted(FileconsulException e);

    void outageEnded(Duration length);

    void hookExited(int exitCode);
  }

  /**
   * Runs after a pull that changed files, e.g. "consul reload", with the paths it changed; returns
   * its exit code.
   */
  @FunctionalInterface
  public interface Hook {
    int run(List<String> changed) throws Exception;
  }

  /**
   * --query-wait, --stale, pull's --force, and --wait MIN:MAX (zero: pull at once): after a change,
   * pull once nothing changed for {@code quietMin}, or {@code quietMax} after the first change.
   */
  public record Options(
      Duration queryWait, boolean stale, boolean force, Duration quietMin, Duration quietMax) {
    public Options(Duration queryWait, boolean stale, boolean force) {
      this(queryWait, stale, force, Duration.ZERO, Duration.ZERO);
    }
  }

  private final Workspace ws;
  private final Puller puller;
  private final Pacer pacer;
  private final java.time.Clock clock;
  private final Listener listener;
  private final Optional<Hook> hook;
  private final WatchMetrics metrics;
  private final PullGate gate;

  public Watcher(
      Workspace ws,
      Puller puller,
      Pacer pacer,
      java.time.Clock clock,
      Listener listener,
      Optional<Hook> hook) {
    this(ws, puller, pacer, clock, listener, hook, WatchMetrics.NONE, PullGate.none(clock));
  }

  /** As the other, counting into {@code metrics} and pacing pulls by {@code gate}. */
  public Watcher(
      Workspace ws,
      Puller puller,
      Pacer pacer,
      java.time.Clock clock,
      Listener listener,
      Optional<Hook> hook,
      WatchMetrics metrics,
      PullGate gate) {
    this.ws = ws;
    this.puller = puller;
    this.pacer = pacer;
    this.clock = clock;
    this.listener = listener;
    this.hook = hook;
    this.metrics = metrics;
    this.gate = gate;
  }

  private volatile boolean querying;

  /**
   * True while the loop waits in a blocking query, the one moment a stop may close the store under
   * it; during a pull it may not: the pull must finish (each file is written atomically, but a
   * delete's check or a value read again needs the store).
   */
  public boolean querying() {
    return querying;
  }

  /** Loops until {@code stop} says so or the thread is interrupted. */
  public void run(PathFilter filter, Options opts, BooleanSupplier stop)
      throws InterruptedException {
    KvStore store = ws.store();
    long index = 0;
    long outageSince = -1;
    while (!stop.getAsBoolean()) {
      pacer.beforeQuery();
      Listing listing;
      querying = true;
      try {
        if (stop.getAsBoolean()) {
          return; // checked after raising the flag: a stop now either is seen here or closes the
          // query
        }
        // What the record knows, read again before each query since every pull saves it: the
        // values of an answer the record already synced are neither decoded nor hashed (a change
        // among 1,000 files: 0.18 CPU s to 0.07). Any record's knowledge holds: one key, one
        // index, one write.
        Map<String, KvStore.Known> known = ws.known();
        listing = store.watch(ws.settings().prefix(), index, opts.queryWait(), opts.stale(), known);
        boolean changed = index == 0 || listing.index() != index;
        if (changed && index != 0 && !opts.quietMin().isZero()) {
          // a real change: let the writes settle (no pull saves the record meanwhile)
          listing = settle(store, listing, opts, stop, known);
        }
      } catch (FileconsulException e) {
        if (stop.getAsBoolean()) {
          return;
        }
        metrics.reachable(false, e.getMessage());
        if (outageSince < 0) {
          outageSince = clock.millis();
          listener.outageStarted(e);
        }
        pacer.afterFailure();
        continue;
      }
      querying = false;
      metrics.reachable(true, "");
      pacer.afterSuccess();
      if (outageSince >= 0) {
        listener.outageEnded(Duration.ofMillis(clock.millis() - outageSince));
        outageSince = -1;
      }
      long next = Math.max(1, listing.index());
      boolean changed = index == 0 || listing.index() != index;
      index = listing.index() < index ? 0 : next;
      if (!changed || stop.getAsBoolean()) {
        continue;
      }
      gate.beforePull();
      if (stop.getAsBoolean()) {
        return; // a stop during the splay: no pull starts after it
      }
      Next then = pull(filter, opts, listing);
      if (then == Next.RETRY) {
        // Not in sync: ask again at once (index 0), after a backoff, rather than wait for the
        // next unrelated write under the prefix.
        index = 0;
        pacer.afterFailure();
      } else if (then == Next.FOLLOW) {
        lastFailure = null;
      }
    }
  }

  /**
   * Follows the changes after {@code first} until none came for quietMin, or quietMax passed since:
   * each blocking query waits only for what is left of the quiet period.
   */
  private Listing settle(
      KvStore store,
      Listing first,
      Options opts,
      BooleanSupplier stop,
      Map<String, KvStore.Known> known)
      throws InterruptedException {
    long firstMillis = clock.millis();
    long lastChange = firstMillis;
    Listing current = first;
    while (!stop.getAsBoolean()) {
      long now = clock.millis();
      long left =
          Math.min(
              lastChange + opts.quietMin().toMillis() - now,
              firstMillis + opts.quietMax().toMillis() - now);
      if (left <= 0) {
        break;
      }
      pacer.beforeQuery();
      long index = Math.max(1, current.index());
      Listing next =
          store.watch(ws.settings().prefix(), index, Duration.ofMillis(left), opts.stale(), known);
      if (next.index() != current.index()) {
        lastChange = clock.millis();
      }
      current = next;
    }
    return current;
  }

  /** After a pull: follow from its index, ask again at once after a backoff, or wait for news. */
  private enum Next {
    FOLLOW,
    RETRY,
    WAIT
  }

  private List<String> lastFailure;

  private Next pull(PathFilter filter, Options opts, Listing listing) {
    SyncResult r;
    try {
      r =
          puller.pull(
              filter,
              new Puller.Options(false, opts.force()),
              Optional.of(GivenRemote.of(listing)));
    } catch (StagedCheck.Refused e) {
      metrics.sync("refused", e.getMessage());
      failedOnce(problem(e));
      return Next.WAIT; // the same tree would be refused again: wait for the next change
    } catch (FileconsulException e) {
      boolean refused = e.exitCode() == ExitCode.REFUSED;
      metrics.sync(refused ? "refused" : "error", e.getMessage());
      failedOnce(problem(e)); // e.g. a mass delete refused before writing anything
      return Next.RETRY;
    }
    long deleted = r.applied().stream().filter(c -> c.remoteEntry().isEmpty()).count();
    metrics.applied(r.applied().size() - (int) deleted, (int) deleted, listing.index());
    listener.pulled(r);
    if (!r.applied().isEmpty() && hook.isPresent()) {
      runHook(r.applied().stream().map(io.fileconsul.sync.Change::path).toList());
    }
    Outcome outcome = r.outcome(); // worded as a one-shot pull words it
    if (!outcome.ok()) {
      boolean conflict = outcome.exitCode() == ExitCode.CONFLICT;
      metrics.sync(conflict ? "conflict" : "error", outcome.problems().get(0).message());
      failedOnce(outcome);
      return Next.RETRY;
    }
    metrics.sync("ok", "");
    return Next.FOLLOW;
  }

  /** A failing command is reported and counted; the watch goes on. */
  private void runHook(List<String> changed) {
    try {
      int exit = hook.get().run(changed);
      metrics.execRun(exit == 0 ? "ok" : "failed");
      listener.hookExited(exit);
    } catch (FileconsulException e) {
      metrics.execRun("timeout");
      failedOnce(problem(e)); // it ran past --exec-timeout and was stopped
    } catch (Exception e) {
      metrics.execRun("failed");
      failedOnce(
          new Outcome(
              List.of(new Problem(ExitCode.LOCAL_IO, "--exec command could not run: " + e))));
    }
  }

  private static Outcome problem(FileconsulException e) {
    return new Outcome(List.of(Problem.of(e)));
  }

  /**
   * Reports problems unless they are the last ones again: one report per problem, not per retry.
   */
  private void failedOnce(Outcome outcome) {
    List<String> messages = outcome.problems().stream().map(Problem::message).toList();
    if (!messages.equals(lastFailure)) {
      listener.failed(outcome);
      lastFailure = messages;
    }
  }
}
