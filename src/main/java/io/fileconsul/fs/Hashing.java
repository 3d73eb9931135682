package io.fileconsul.fs;

import io.fileconsul.core.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs hashing jobs on every core when there are enough bytes to make threads worth their start:
 * the launcher's JIT stops at C1, which has no SHA-256 intrinsic, so hashing is CPU-bound at about
 * 150 MB/s a core. Results come back in the jobs' order, so output stays deterministic.
 */
final class Hashing {
  /** Below this, one thread: starting the pool would cost more than it saves. */
  static final long PARALLEL_BYTES = 1024 * 1024;

  @FunctionalInterface
  interface Job<T, R> {
    R hash(T item) throws IOException;
  }

  private static volatile ExecutorService pool;

  private Hashing() {}

  static <T, R> List<R> all(List<T> items, Job<T, R> job, long bytes) throws IOException {
    List<R> out = new ArrayList<>(items.size());
    int cores = Runtime.getRuntime().availableProcessors();
    if (items.size() < 2 || bytes < PARALLEL_BYTES || cores < 2) {
      for (T item : items) {
        out.add(job.hash(item));
      }
      return out;
    }
    List<Future<R>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(pool(cores).submit(() -> job.hash(item)));
    }
    for (Future<R> f : futures) {
      out.add(result(f));
    }
    return out;
  }

  private static <R> R result(Future<R> f) throws IOException {
    try {
      return Await.result(f);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      Await.rethrowUnchecked(e);
      throw new UncheckedIOException(new IOException(e.getCause()));
    }
  }

  private static ExecutorService pool(int cores) {
    ExecutorService p = pool;
    if (p == null) {
      synchronized (Hashing.class) {
        if (pool == null) {
          pool =
              Executors.newFixedThreadPool(
                  Math.min(cores, 4),
                  r -> {
                    Thread t = new Thread(r, "fileconsul-hash");
                    t.setDaemon(true);
                    return t;
                  });
        }
        p = pool;
      }
    }
    return p;
  }
}
