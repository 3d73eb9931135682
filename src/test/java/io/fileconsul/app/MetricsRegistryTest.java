package io.fileconsul.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which states /health calls unhealthy, and the text format's shape. */
class MetricsRegistryTest {
  private final WatcherTest.FakeClock clock = new WatcherTest.FakeClock();
  private final MetricsRegistry m = new MetricsRegistry(clock);

  @Test
  void healthyOnlyAfterASuccessfulSyncWhileTheStoreAnswers() {
    assertEquals(Optional.of("starting: no sync attempt yet"), m.unhealthy());
    m.sync("ok", "");
    assertEquals(Optional.empty(), m.unhealthy());
    m.sync("conflict", "1 path(s) changed on both sides were left alone: a.txt");
    assertEquals(
        Optional.of("last sync conflict: 1 path(s) changed on both sides were left alone: a.txt"),
        m.unhealthy());
    m.sync("ok", "");
    m.reachable(false, "cannot reach Consul");
    assertEquals(Optional.of("backend unreachable: cannot reach Consul"), m.unhealthy());
    m.reachable(true, "");
    m.sync("refused", "--check command exited 1");
    assertEquals(Optional.of("last sync refused: --check command exited 1"), m.unhealthy());
    assertTrue(m.render().contains("\nfileconsul_up 0\n"), m.render());
  }

  @Test
  void theHistogramsBucketsAreCumulativeAndEndInTheCount() {
    m.request("get", Duration.ofMillis(3), true);
    m.request("get", Duration.ofMillis(70), true);
    m.request("get", Duration.ofSeconds(700), false);
    m.sync("ok", "");
    clock.advance(Duration.ofSeconds(1));

    String text = m.render();

    for (String line :
        new String[] {
          "fileconsul_request_duration_seconds_bucket{operation=\"get\",le=\"0.005\"} 1",
          "fileconsul_request_duration_seconds_bucket{operation=\"get\",le=\"0.1\"} 2",
          "fileconsul_request_duration_seconds_bucket{operation=\"get\",le=\"600\"} 2",
          "fileconsul_request_duration_seconds_bucket{operation=\"get\",le=\"+Inf\"} 3",
          "fileconsul_request_duration_seconds_count{operation=\"get\"} 3",
          "fileconsul_request_duration_seconds_sum{operation=\"get\"} 700.073",
          "fileconsul_requests_total{operation=\"get\",outcome=\"ok\"} 2",
          "fileconsul_requests_total{operation=\"get\",outcome=\"error\"} 1",
          "fileconsul_last_success_timestamp_seconds 1795219200",
          "fileconsul_up 1"
        }) {
      assertTrue(text.contains(line + "\n"), line + " in\n" + text);
    }
  }
}
