package io.fileconsul.app;

import io.fileconsul.core.Await;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The order in which a pull applies its changes: deletes one at a time, first (a directory that
 * became a file needs the files below it out of the way), then the writes, on {@link #WRITERS}
 * threads when there are at least {@link #PARALLEL_FROM}. A write waits mostly on its file's fsync
 * (220-237 us a file on one thread here, 81-83 us with eight), and writes of distinct keys never
 * touch the same file: two keys of one tree are never a file and a directory at once (the planner
 * makes that a collision), and LocalTree makes a missing directory one writer at a time. Each file
 * is still wholly old or wholly new, and the record is saved only after every step has ended.
 */
final class PullSteps {
  static final int WRITERS = 8;
  static final int PARALLEL_FROM = 8;

  /** What became of one change. */
  record Step(
      Kind kind,
      Change change,
      String text,
      SyncRecord record,
      FileconsulException stop,
      Staging staging) {
    enum Kind {
      /** Written or deleted; {@code record} is what the record holds now (null: deleted). */
      APPLIED,
      /** Changed locally since the scan: reported as a conflict, not touched. */
      CHANGED,
      /** Left for the next pull, {@code text} says why. */
      SKIPPED,
      /** The file could not be written, {@code text} names it and why. */
      FAILED,
      /** The store went away: no step starts after this one. */
      STOPPED,
      /** Written under a temp name ({@code staging}): applied once durable and in place. */
      STAGED
    }

    static Step of(Kind kind, Change c) {
      return new Step(kind, c, null, null, null, null);
    }

    static Step applied(Change c, SyncRecord record) {
      return new Step(Kind.APPLIED, c, null, record, null, null);
    }

    static Step skipped(Change c, String why) {
      return new Step(Kind.SKIPPED, c, why, null, null, null);
    }

    static Step failed(Change c, String why) {
      return new Step(Kind.FAILED, c, why, null, null, null);
    }

    static Step stopped(Change c, FileconsulException e) {
      return new Step(Kind.STOPPED, c, null, null, e, null);
    }

    static Step staged(Change c, Staging staging) {
      return new Step(Kind.STAGED, c, null, null, null, staging);
    }
  }

  /** A staged file and the index of the value in it, which its record takes once it is placed. */
  record Staging(LocalWriter.Staged file, long modifyIndex) {}

  private PullSteps() {}

  /**
   * Applies {@code changes} (deletes first) with {@code apply} and returns the steps taken, in the
   * order of {@code changes}. After a STOPPED step no further step starts; steps already running
   * end and are returned, so that what they wrote is recorded.
   */
  static List<Step> run(List<Change> changes, Function<Change, Step> apply) {
    List<Step> taken = new ArrayList<>(changes.size());
    int writes = 0;
    while (writes < changes.size() && changes.get(writes).remoteEntry().isEmpty()) {
      writes++;
    }
    if (oneByOne(changes.subList(0, writes), apply, taken)) {
      return taken;
    }
    List<Change> rest = changes.subList(writes, changes.size());
    if (rest.size() < PARALLEL_FROM) {
      oneByOne(rest, apply, taken);
    } else {
      taken.addAll(inParallel(rest, apply, s -> s.kind() == Step.Kind.STOPPED));
    }
    return taken;
  }

  /**
   * {@code apply} to each item, on the writer threads when there are at least {@link
   * #PARALLEL_FROM}; the results in the items' order.
   */
  static <T, R> List<R> each(List<T> items, Function<T, R> apply) {
    if (items.size() < PARALLEL_FROM) {
      return items.stream().map(apply).toList();
    }
    return inParallel(items, apply, r -> false);
  }

  /** Applies {@code changes} in order into {@code taken}; true when one met a gone store. */
  private static boolean oneByOne(
      List<Change> changes, Function<Change, Step> apply, List<Step> taken) {
    for (Change c : changes) {
      Step s = apply.apply(c);
      taken.add(s);
      if (s.kind() == Step.Kind.STOPPED) {
        return true;
      }
    }
    return false;
  }

  /** After a result that {@code halts}, no item starts; those running end and are returned. */
  private static <T, R> List<R> inParallel(
      List<T> writes, Function<T, R> apply, Predicate<R> halts) {
    AtomicBoolean halted = new AtomicBoolean();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(WRITERS, writes.size()),
            r -> {
              Thread t = new Thread(r, "fileconsul-pull-writer");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<R>> running = new ArrayList<>(writes.size());
      for (T c : writes) {
        running.add(
            pool.submit(
                () -> {
                  if (halted.get()) {
                    return null;
                  }
                  R s = apply.apply(c);
                  if (halts.test(s)) {
                    halted.set(true);
                  }
                  return s;
                }));
      }
      List<R> taken = new ArrayList<>(writes.size());
      for (Future<R> f : running) {
        R s = result(f);
        if (s != null) {
          taken.add(s);
        }
      }
      return taken;
    } finally {
      halted.set(true); // after a bug's exception, no write starts; those running end first
      pool.shutdown();
      awaitEnd(pool);
    }
  }

  /**
   * The step's result. A pull is not interrupted half-way: its writers' steps are what the record
   * must hold, so an interrupt waits for them (and is kept for the caller, see Await).
   */
  private static <R> R result(Future<R> f) {
    try {
      return Await.result(f);
    } catch (ExecutionException e) {
      Await.rethrowUnchecked(e);
      throw new IllegalStateException(e.getCause());
    }
  }

  private static void awaitEnd(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
