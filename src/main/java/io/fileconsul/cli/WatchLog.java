package io.fileconsul.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fileconsul.app.SyncResult;
import io.fileconsul.app.Watcher;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.Outcome;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.PathOrder;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What watch prints, in one of two formats. Text: pulls on stdout as pull prints them, the rest on
 * stderr. JSON (--log-format json): every line on stdout is one object, {@code time}, {@code
 * level}, {@code message} and {@code fields}, for journald and log shippers. Both pass every string
 * through the {@link Redactor}, so no token is ever printed.
 */
final class WatchLog implements Watcher.Listener {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Redactor redactor;
  private final String where;
  private final boolean json;
  private final Clock clock;

  WatchLog(
      PrintWriter out,
      PrintWriter err,
      Redactor redactor,
      String where,
      boolean json,
      Clock clock) {
    this.out = out;
    this.err = err;
    this.redactor = redactor;
    this.where = where;
    this.json = json;
    this.clock = clock;
  }

  /** A line of the watch's own, e.g. "fileconsul watch: following ...". */
  void info(String message, Map<String, Object> fields) {
    if (json) {
      line("info", message, fields);
    } else {
      err.println("fileconsul watch: " + redactor.redact(message));
      err.flush();
    }
  }

  void warn(String message, Map<String, Object> fields) {
    if (json) {
      line("warn", message, fields);
    } else {
      err.println("warning: " + ExitCodes.oneLine(redactor.redact(message)));
      err.flush();
    }
  }

  @Override
  public void pulled(SyncResult r) {
    r.warnings().forEach(w -> warn(w, Map.of()));
    if (!json) {
      // What was applied; its problems come through failed(), once each, not on every retry.
      ResultView.print(out, r, where, Verbosity.CHANGES);
    } else if (!r.applied().isEmpty()) {
      JsonArray written = new JsonArray();
      JsonArray deleted = new JsonArray();
      r.applied().stream()
          .sorted(java.util.Comparator.comparing(Change::path, PathOrder.BYTES))
          .forEach(c -> (c.remoteEntry().isPresent() ? written : deleted).add(c.path()));
      line(
          "info",
          "pulled " + r.applied().size() + " file(s)",
          Map.of("written", written, "deleted", deleted));
    }
  }

  @Override
  public void failed(Outcome outcome) {
    outcome
        .inReportOrder()
        .forEach(
            p -> {
              if (json) {
                line("error", p.message(), Map.of("exit_code", p.exitCode().code()));
              } else {
                err.println(ExitCodes.errorLine(redactor, p.message()) + " (still watching)");
              }
            });
    err.flush();
  }

  @Override
  public void outageStarted(FileconsulException e) {
    warn(e.getMessage() + " (retrying with backoff until it answers)", Map.of());
  }

  @Override
  public void outageEnded(Duration length) {
    info(
        "Consul answers again after " + length.toSeconds() + "s",
        Map.of("outage_seconds", length.toSeconds()));
  }

  @Override
  public void hookExited(int exitCode) {
    if (exitCode != 0) {
      warn("--exec command exited " + exitCode, Map.of("exit_code", exitCode));
    }
  }

  private void line(String level, String message, Map<String, Object> fields) {
    JsonObject o = new JsonObject();
    o.addProperty("time", clock.instant().toString());
    o.addProperty("level", level);
    o.addProperty("message", redactor.redact(message));
    JsonObject f = new JsonObject();
    fields.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              Object v = e.getValue();
              if (v instanceof Number n) {
                f.addProperty(e.getKey(), n);
              } else if (v instanceof JsonArray a) {
                JsonArray clean = new JsonArray();
                a.forEach(x -> clean.add(redactor.redact(x.getAsString())));
                f.add(e.getKey(), clean);
              } else {
                f.addProperty(e.getKey(), redactor.redact(String.valueOf(v)));
              }
            });
    o.add("fields", f);
    out.println(o); // toString() is compact, one line: no pretty printing
    out.flush();
  }

  /** --log-format. */
  enum Format {
    TEXT,
    JSON
  }
}
