package io.fileconsul.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it until a deadline; the only way tests wait. */
public final class Poll {
  private Poll() {}

  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    until(timeout, what, condition, 200);
  }

  /**
   * As {@link #until}, polling every millisecond throughout: for a condition that holds only for a
   * moment, which the backed-off pause (up to 200 ms) could miss.
   */
  public static void closely(Duration timeout, String what, BooleanSupplier condition) {
    until(timeout, what, condition, 1);
  }

  private static void until(
      Duration timeout, String what, BooleanSupplier condition, long maxPause) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = Math.min(10, maxPause);
    while (true) {
      if (condition.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(pause); // between polls of a condition, never instead of one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
      pause = Math.min(pause * 2, maxPause);
    }
  }
}
