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

  /** Runs after a pull that changed files, e.g. "consul reload"; returns its exit code. */
  @FunctionalInterface
  public interface Hook {
    int run() throws Exception;
  }

  /** --wait, --stale, and pull's --force. */
  public record Options(Duration queryWait, boolean stale, boolean force) {}

  private final Workspace ws;
  private final Puller puller;
  private final Pacer pacer;
  private final java.time.Clock clock;
  private final Listener listener;
  private final Optional<Hook> hook;

  public Watcher(
      Workspace ws,
      Puller puller,
      Pacer pacer,
      java.time.Clock clock,
      Listener listener,
      Optional<Hook> hook) {
    this.ws = ws;
    this.puller = puller;
    this.pacer = pacer;
    this.clock = clock;
    this.listener = listener;
    this.hook = hook;
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
        listing = store.watch(ws.settings().prefix(), index, opts.queryWait(), opts.stale());
      } catch (FileconsulException e) {
        if (stop.getAsBoolean()) {
          return;
        }
        if (outageSince < 0) {
          outageSince = clock.millis();
          listener.outageStarted(e);
        }
        pacer.afterFailure();
        continue;
      }
      querying = false;
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
      if (!pull(filter, opts, listing)) {
        // Not in sync: ask again at once (index 0), after a backoff, rather than wait for the
        // next unrelated write under the prefix.
        index = 0;
        pacer.afterFailure();
      } else {
        lastFailure = null;
      }
    }
  }

  private List<String> lastFailure;

  /** Returns false when the directory could not be brought in sync. */
  private boolean pull(PathFilter filter, Options opts, Listing listing) {
    SyncResult r;
    try {
      r = puller.pull(filter, new Puller.Options(false, opts.force()), Optional.of(listing));
    } catch (FileconsulException e) {
      failedOnce(problem(e)); // refused before writing anything, e.g. a mass delete
      return false;
    }
    listener.pulled(r);
    if (!r.applied().isEmpty() && hook.isPresent()) {
      try {
        listener.hookExited(hook.get().run());
      } catch (FileconsulException e) {
        failedOnce(problem(e)); // e.g. it ran past --exec-timeout and was stopped
      } catch (Exception e) {
        failedOnce(
            new Outcome(
                List.of(new Problem(ExitCode.LOCAL_IO, "--exec command could not run: " + e))));
      }
    }
    Outcome outcome = r.outcome(); // worded as a one-shot pull words it
    if (!outcome.ok()) {
      failedOnce(outcome);
      return false;
    }
    return true;
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
