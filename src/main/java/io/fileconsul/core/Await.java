package io.fileconsul.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waits for work run beside a command (the scan ahead, hashing) without giving up on an interrupt:
 * a watch's shutdown interrupts the main thread, and the file being read must be finished, never
 * half-done; the interrupt is kept for the caller's next step.
 */
public final class Await {
  private Await() {}

  /** The result, or the task's own exception (unchecked ones as they are, others wrapped). */
  public static <T> T result(Future<T> f) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Rethrows what a task threw, when it is unchecked. */
  public static void rethrowUnchecked(ExecutionException e) {
    if (e.getCause() instanceof RuntimeException r) {
      throw r;
    }
    if (e.getCause() instanceof Error err) {
      throw err;
    }
  }
}
