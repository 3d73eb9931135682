package io.fileconsul.app;

import io.fileconsul.core.Await;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Prepares the next item of a list on its own thread while the caller works on the current one. A
 * push reads a batch's files and checks them against the scan, then waits for the store to apply
 * the batch; with this, the next batch's files are read during that wait instead of after it. Items
 * are prepared one at a time and in order, so only one thread reads files at any moment, and the
 * caller still sends them in order, one at a time.
 *
 * <p>Preparing must have no effect outside the process: when the caller stops early, the item
 * prepared ahead is dropped. {@link #close} waits for it, so no file is read after the caller's
 * lock is released. Exceptions reach the caller from {@link #next}, as the direct call would have
 * thrown them.
 */
final class ReadAhead<T, R> implements AutoCloseable {
  private final List<T> items;
  private final Function<T, R> prepare;
  // One thread for all items: the JDK keeps a read buffer per thread, sized to the file.
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fileconsul-read-ahead");
            t.setDaemon(true);
            return t;
          });
  private int taken;
  private FutureTask<R> pending;

  ReadAhead(List<T> items, Function<T, R> prepare) {
    this.items = items;
    this.prepare = prepare;
    this.pending = start(0);
  }

  /** The next item, prepared; the one after it starts preparing before this returns. */
  R next() {
    if (pending == null) {
      throw new IllegalStateException("all " + items.size() + " items were taken");
    }
    FutureTask<R> current = pending;
    pending = null;
    R result = result(current);
    taken++;
    pending = start(taken);
    return result;
  }

  @Override
  public void close() {
    if (pending != null) {
      try {
        Await.result(pending);
      } catch (ExecutionException e) {
        // an item nobody asked for: its failure is nobody's to report
      }
      pending = null;
    }
    thread.shutdown();
  }

  private FutureTask<R> start(int i) {
    if (i >= items.size()) {
      return null;
    }
    T item = items.get(i);
    FutureTask<R> task = new FutureTask<>(() -> prepare.apply(item));
    thread.execute(task);
    return task;
  }

  private static <R> R result(FutureTask<R> task) {
    try {
      return Await.result(task);
    } catch (ExecutionException e) {
      Await.rethrowUnchecked(e); // a FileconsulException among them
      throw new IllegalStateException(e.getCause());
    }
  }
}
