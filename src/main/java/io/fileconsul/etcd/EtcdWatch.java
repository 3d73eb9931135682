package io.fileconsul.etcd;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Waits on {@code /v3/watch} for the first change below a prefix after a revision: the watch starts
 * at that revision + 1, so nothing written in between is missed. A compaction past it ends the wait
 * too, with the oldest revision etcd still has: the caller lists again and watches from there on (a
 * prefix unchanged since before the compaction would otherwise be compacted again at once, a busy
 * loop). Quiet for {@code wait}: returns as well, as a Consul blocking query does.
 */
final class EtcdWatch {
  private EtcdWatch() {}

  /** How a wait ended: a change, {@code wait} passed, or history compacted past the revision. */
  record Outcome(boolean changed, long compactRevision) {
    static final Outcome QUIET = new Outcome(false, 0);
    static final Outcome CHANGED = new Outcome(true, 0);
  }

  static Outcome await(EtcdTransport t, String prefix, long revision, Duration wait) {
    JsonObject create = new JsonObject();
    create.addProperty("key", EtcdJson.b64(prefix + "/"));
    create.addProperty("range_end", EtcdJson.rangeEnd(prefix + "/"));
    if (revision > 0) {
      create.addProperty("start_revision", revision + 1);
    }
    JsonObject body = new JsonObject();
    body.add("create_request", create);
    int readTimeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, wait.toMillis()));
    return t.stream(
        "/v3/watch",
        body,
        readTimeout,
        in -> {
          try {
            for (String line; (line = line(in)) != null; ) {
              if (line.isBlank()) {
                continue;
              }
              JsonObject message = JsonParser.parseString(line).getAsJsonObject();
              if (message.has("error")) {
                JsonObject err = EtcdJson.object(message, "error");
                throw EtcdErrors.status(
                    t.describe(),
                    (int) EtcdJson.number(err, "http_code"),
                    (int) EtcdJson.number(err, "grpc_code"),
                    EtcdJson.text(err, "message"));
              }
              JsonObject result = EtcdJson.object(message, "result");
              long compacted = EtcdJson.number(result, "compact_revision");
              if (compacted > 0) {
                return new Outcome(true, compacted);
              }
              if (EtcdJson.array(result, "events").size() > 0
                  || EtcdJson.bool(result, "canceled")) {
                return Outcome.CHANGED;
              }
            }
            return Outcome.CHANGED; // the stream ended: look again
          } catch (SocketTimeoutException quiet) {
            return Outcome.QUIET;
          } catch (JsonParseException | IllegalStateException e) {
            throw EtcdErrors.malformed(t.describe(), "watch message", e);
          }
        });
  }

  /**
   * One newline-delimited message, read byte by byte from the buffered body: a Reader over a
   * chunked stream may block for more input than the message it already holds.
   */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        return buf.toString(StandardCharsets.UTF_8);
      }
      buf.write(b);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
  }
}
