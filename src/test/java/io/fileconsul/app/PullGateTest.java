package io.fileconsul.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --min-pull-interval and --splay, on a fake clock with fixed "randomness". */
class PullGateTest {
  private final WatcherTest.FakeClock clock = new WatcherTest.FakeClock();
  private final List<Long> slept = new ArrayList<>();
  private final List<Long> bounds = new ArrayList<>();

  private PullGate gate(Duration splay, Duration minInterval, long pick) {
    return new PullGate(
        clock,
        d -> {
          slept.add(d.toMillis());
          clock.advance(d);
        },
        splay,
        minInterval,
        n -> {
          bounds.add(n);
          return pick;
        });
  }

  @Test
  void splayWaitsTheRandomPickUpToAndIncludingTheSplay() throws Exception {
    PullGate g = gate(Duration.ofSeconds(3), Duration.ZERO, 1234);

    g.beforePull();
    g.beforePull();

    assertEquals(List.of(1234L, 1234L), slept);
    assertEquals(List.of(3001L, 3001L), bounds);
  }

  @Test
  void pullsCloserThanTheMinimumIntervalWaitForTheRest() throws Exception {
    PullGate g = gate(Duration.ZERO, Duration.ofSeconds(10), 0);

    g.beforePull(); // the first goes at once
    clock.advance(Duration.ofSeconds(4));
    g.beforePull();
    clock.advance(Duration.ofSeconds(30));
    g.beforePull(); // long enough since

    assertEquals(List.of(6000L), slept);
  }

  @Test
  void noneNeverWaits() throws Exception {
    PullGate g = PullGate.none(clock);
    g.beforePull();
    g.beforePull();
    assertEquals(List.of(), slept);
  }
}
