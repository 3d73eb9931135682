package io.fileconsul.etcd;

import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonToken;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Waits on {@code /v3/watch} for the first change below a prefix after a revision: the watch starts
 * at that revision + 1, so nothing written in between is missed. A compaction past it ends the wait
 * too (the caller lists again, which is the resume). Quiet for {@code wait}: returns as well, as a
 * Consul blocking query does.
 */
final class EtcdWatch {
  private EtcdWatch() {}

  /** True when something changed (or history was compacted), false when {@code wait} passed. */
  static boolean await(EtcdTransport t, String prefix, long revision, Duration wait) {
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
        json -> {
          try {
            while (json.peek() != JsonToken.END_DOCUMENT) {
              JsonElement e = JsonParser.parseReader(json);
              JsonObject result = EtcdJson.object(e.getAsJsonObject(), "result");
              if (e.getAsJsonObject().has("error")) {
                JsonObject err = EtcdJson.object(e.getAsJsonObject(), "error");
                throw EtcdErrors.status(
                    t.describe(),
                    (int) EtcdJson.number(err, "http_code"),
                    (int) EtcdJson.number(err, "grpc_code"),
                    EtcdJson.text(err, "message"));
              }
              if (EtcdJson.array(result, "events").size() > 0
                  || EtcdJson.number(result, "compact_revision") > 0
                  || EtcdJson.bool(result, "canceled")) {
                return true;
              }
            }
            return true; // the stream ended: look again
          } catch (SocketTimeoutException quiet) {
            return false;
          } catch (JsonIOException e) {
            // gson wraps the read's IOException
            if (e.getCause() instanceof SocketTimeoutException) {
              return false;
            }
            throw e.getCause() instanceof java.io.IOException io
                ? EtcdErrors.transport(t.describe(), io)
                : e;
          }
        });
  }
}
