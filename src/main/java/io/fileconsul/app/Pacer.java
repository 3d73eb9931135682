package io.fileconsul.app;

import java.time.Clock;
import java.time.Duration;

/**
 * Time for the watch loop, injected so tests never sleep: a token bucket that rate-limits queries
 * (a burst, then one per interval, as Consul's blocking-query docs advise) and a capped exponential
 * backoff for outages.
 */
public final class Pacer {
  /** Sleeps; tests pass one that only advances a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final Clock clock;
  private final Sleeper sleeper;
  private final int burst;
  private final Duration interval;
  private final Duration maxBackoff;
  private double tokens;
  private long lastRefillMillis;
  private Duration backoff = Duration.ZERO;

  public Pacer(Clock clock, Sleeper sleeper, int burst, Duration interval, Duration maxBackoff) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.burst = burst;
    this.interval = interval;
    this.maxBackoff = maxBackoff;
    this.tokens = burst;
    this.lastRefillMillis = clock.millis();
  }

  /** Waits until a query may be sent. */
  public void beforeQuery() throws InterruptedException {
    refill();
    if (tokens < 1) {
      long waitMillis = (long) Math.ceil((1 - tokens) * interval.toMillis());
      sleeper.sleep(Duration.ofMillis(waitMillis));
      refill();
    }
    tokens = Math.max(0, tokens - 1);
  }

  private void refill() {
    long now = clock.millis();
    tokens = Math.min(burst, tokens + (now - lastRefillMillis) / (double) interval.toMillis());
    lastRefillMillis = now;
  }

  /** Sleeps after a failure: 1 s, 2 s, 4 s, ... up to the cap. Returns how long it slept. */
  public Duration afterFailure() throws InterruptedException {
    backoff = backoff.isZero() ? Duration.ofSeconds(1) : min(backoff.multipliedBy(2), maxBackoff);
    sleeper.sleep(backoff);
    return backoff;
  }

  public void afterSuccess() {
    backoff = Duration.ZERO;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
