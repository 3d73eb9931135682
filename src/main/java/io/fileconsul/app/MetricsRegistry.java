package io.fileconsul.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The watch's counters and its health, rendered in the Prometheus text format (version 0.0.4) by
 * hand: a dozen series do not justify a client library (README "Metrics and health"). Updated by
 * the loop, read by the HTTP server's thread, hence synchronized.
 */
public final class MetricsRegistry implements WatchMetrics {
  /** Seconds; up to 10m because a blocking query may wait that long. */
  static final double[] BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 600
  };

  private final Clock clock;
  private final Map<String, Long> syncs = new TreeMap<>();
  private final Map<String, Long> execs = new TreeMap<>();
  private final Map<String, Long> checks = new TreeMap<>();
  private final Map<String, Long> requests = new TreeMap<>();
  private final Map<String, long[]> buckets = new TreeMap<>();
  private final Map<String, Double> sums = new TreeMap<>();
  private long written;
  private long deleted;
  private long remoteIndex;
  private double lastSuccess;
  private String lastSync = "starting: no sync attempt yet";
  private boolean lastSyncOk;
  private String unreachable; // null while the store answers

  public MetricsRegistry(Clock clock) {
    this.clock = clock;
    for (String o : new String[] {"ok", "conflict", "refused", "error"}) {
      syncs.put(o, 0L);
    }
    for (String o : new String[] {"ok", "failed", "timeout"}) {
      execs.put(o, 0L);
    }
  }

  @Override
  public synchronized void sync(String outcome, String reason) {
    syncs.merge(outcome, 1L, Long::sum);
    lastSyncOk = outcome.equals("ok");
    lastSync = lastSyncOk ? "ok" : "last sync " + outcome + ": " + reason;
    if (lastSyncOk) {
      lastSuccess = clock.millis() / 1000.0;
    }
  }

  @Override
  public synchronized void applied(int written, int deleted, long remoteIndex) {
    this.written += written;
    this.deleted += deleted;
    this.remoteIndex = remoteIndex;
  }

  @Override
  public synchronized void request(String operation, Duration took, boolean ok) {
    requests.merge(operation + "\",outcome=\"" + (ok ? "ok" : "error"), 1L, Long::sum);
    long[] counts = buckets.computeIfAbsent(operation, k -> new long[BUCKETS.length + 1]);
    double seconds = took.toNanos() / 1e9;
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        counts[i]++;
      }
    }
    counts[BUCKETS.length]++; // +Inf, which is also the count
    sums.merge(operation, seconds, Double::sum);
  }

  @Override
  public synchronized void reachable(boolean up, String reason) {
    unreachable = up ? null : reason;
  }

  @Override
  public synchronized void execRun(String outcome) {
    execs.merge(outcome, 1L, Long::sum);
  }

  @Override
  public synchronized void checkRun(String outcome) {
    checks.merge(outcome, 1L, Long::sum);
  }

  /**
   * Why the watch is unhealthy, in one line, or empty when the last sync attempt succeeded and the
   * store answers: starting, the store unreachable, or a last sync that met a conflict, was refused
   * (a mass delete, a --check) or failed.
   */
  public synchronized Optional<String> unhealthy() {
    if (unreachable != null) {
      return Optional.of("backend unreachable: " + unreachable);
    }
    return lastSyncOk ? Optional.empty() : Optional.of(lastSync);
  }

  /** The text format Prometheus scrapes. */
  public synchronized String render() {
    StringBuilder b = new StringBuilder();
    labelled(b, "syncs_total", "counter", "Sync attempts by outcome.", "outcome", syncs);
    single(b, "files_written_total", "counter", "Files written by pulls.", written);
    single(b, "files_deleted_total", "counter", "Files deleted by pulls.", deleted);
    gauge(
        b,
        "last_success_timestamp_seconds",
        "When a sync last succeeded (Unix time).",
        lastSuccess);
    single(b, "remote_index", "gauge", "The remote index last applied.", remoteIndex);
    // keyed on 'operation",outcome="ok': two labels through the one-label writer
    labelled(b, "requests_total", "counter", "Requests to the store.", "operation", requests);
    histogram(b);
    labelled(b, "exec_runs_total", "counter", "--exec runs by outcome.", "outcome", execs);
    labelled(b, "check_runs_total", "counter", "--check runs by outcome.", "outcome", checks);
    single(
        b,
        "up",
        "gauge",
        "1 while healthy (GET /health answers 200), else 0.",
        unhealthyNow() ? 0 : 1);
    return b.toString();
  }

  private boolean unhealthyNow() {
    return unreachable != null || !lastSyncOk;
  }

  private void histogram(StringBuilder b) {
    String name = "fileconsul_request_duration_seconds";
    b.append("# HELP ").append(name).append(" Duration of requests to the store.\n");
    b.append("# TYPE ").append(name).append(" histogram\n");
    buckets.forEach(
        (op, counts) -> {
          for (int i = 0; i <= BUCKETS.length; i++) {
            String le = i < BUCKETS.length ? number(BUCKETS[i]) : "+Inf";
            b.append(name)
                .append("_bucket{operation=\"")
                .append(op)
                .append("\",le=\"")
                .append(le)
                .append("\"} ")
                .append(counts[i])
                .append('\n');
          }
          b.append(name).append("_sum{operation=\"").append(op).append("\"} ");
          b.append(number(sums.get(op))).append('\n');
          b.append(name).append("_count{operation=\"").append(op).append("\"} ");
          b.append(counts[BUCKETS.length]).append('\n');
        });
  }

  private static void labelled(
      StringBuilder b, String name, String type, String help, String label, Map<String, Long> m) {
    header(b, name, type, help);
    m.forEach(
        (k, v) ->
            b.append("fileconsul_")
                .append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(k)
                .append("\"} ")
                .append(v)
                .append('\n'));
  }

  private static void single(StringBuilder b, String name, String type, String help, long v) {
    header(b, name, type, help);
    b.append("fileconsul_").append(name).append(' ').append(v).append('\n');
  }

  private static void gauge(StringBuilder b, String name, String help, double v) {
    header(b, name, "gauge", help);
    b.append("fileconsul_").append(name).append(' ').append(number(v)).append('\n');
  }

  private static void header(StringBuilder b, String name, String type, String help) {
    b.append("# HELP fileconsul_").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE fileconsul_").append(name).append(' ').append(type).append('\n');
  }

  /** 5, 0.005, 700.073: whole numbers bare, others to the microsecond without trailing zeros. */
  private static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return String.format(Locale.ROOT, "%.6f", d).replaceAll("0+$", "");
  }
}
