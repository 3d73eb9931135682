package io.fileconsul.app;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * What a pull waits for after the query told of a change: at least --min-pull-interval since the
 * last pull began (the second limit, after the query token bucket in {@link Pacer}: a prefix that
 * churns would otherwise cost a pull per query), then a random --splay so a fleet does not read the
 * servers in the same millisecond. Randomness and time are injected: tests never sleep.
 */
public final class PullGate {
  private final Clock clock;
  private final Pacer.Sleeper sleeper;
  private final Duration splay;
  private final Duration minInterval;
  private final LongUnaryOperator random;
  private long lastPullMillis = Long.MIN_VALUE;

  /**
   * @param random given n > 0, a value from 0 to n - 1
   */
  public PullGate(
      Clock clock,
      Pacer.Sleeper sleeper,
      Duration splay,
      Duration minInterval,
      LongUnaryOperator random) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.splay = splay;
    this.minInterval = minInterval;
    this.random = random;
  }

  /** No limit and no splay. */
  public static PullGate none(Clock clock) {
    return new PullGate(clock, d -> {}, Duration.ZERO, Duration.ZERO, n -> 0);
  }

  /** Waits until the next pull may begin. */
  public void beforePull() throws InterruptedException {
    if (!minInterval.isZero() && lastPullMillis != Long.MIN_VALUE) {
      long wait = lastPullMillis + minInterval.toMillis() - clock.millis();
      if (wait > 0) {
        sleeper.sleep(Duration.ofMillis(wait));
      }
    }
    if (!splay.isZero()) {
      long ms = random.applyAsLong(splay.toMillis() + 1); // 0 to splay, both included
      if (ms > 0) {
        sleeper.sleep(Duration.ofMillis(ms));
      }
    }
    lastPullMillis = clock.millis();
  }
}
