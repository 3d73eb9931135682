package io.fileconsul.app;

import java.time.Duration;

/**
 * What the watch loop counts, for --metrics-addr: the loop reports events here and never sees how
 * (or whether) they are served. {@link #NONE} when nothing listens.
 */
public interface WatchMetrics {
  /** One sync attempt: "ok", "conflict", "refused" (before writing) or "error". */
  void sync(String outcome, String reason);

  /** Files a pull wrote and deleted, and the remote index it applied. */
  void applied(int written, int deleted, long remoteIndex);

  /** A request to the store, timed; {@code ok} false when it threw. */
  void request(String operation, Duration took, boolean ok);

  /** Whether the store answered the last query; {@code reason} says why not. */
  void reachable(boolean up, String reason);

  /** An --exec run: "ok", "failed" (non-zero exit or could not start) or "timeout". */
  void execRun(String outcome);

  /** A --check run: "passed" or "refused". */
  void checkRun(String outcome);

  WatchMetrics NONE =
      new WatchMetrics() {
        @Override
        public void sync(String outcome, String reason) {}

        @Override
        public void applied(int written, int deleted, long remoteIndex) {}

        @Override
        public void request(String operation, Duration took, boolean ok) {}

        @Override
        public void reachable(boolean up, String reason) {}

        @Override
        public void execRun(String outcome) {}

        @Override
        public void checkRun(String outcome) {}
      };
}
