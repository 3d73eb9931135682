package io.fileconsul.consul;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import org.apache.http.HttpEntity;

/**
 * A push's read-back of a value it PUT alone (a PUT answers no index), as {@code ?raw}: the bytes
 * as stored, with the key's own ModifyIndex as X-Consul-Index (Consul 1.16.6 and 1.22.3, checked on
 * dev agents: another key written later does not move it). Such values are over 384 KiB, and
 * reading one back as JSON cost more than its PUT: 23 ms of a 100-file push's main thread for one
 * 400 KiB file (async-profiler), most of it the base64 decode under the C1-only JIT.
 */
final class RawRead {
  private RawRead() {}

  /**
   * The key's index if it holds exactly {@code expected}, else empty; or no answer at all (the
   * outer Optional empty) when /v1/kv refuses the key's name, which only a JSON read through
   * /v1/txn can read (Consul 1.21.5 and 1.22).
   */
  static Optional<Optional<Long>> indexIfHolds(
      ConsulTransport transport, String path, byte[] expected) {
    return transport.stream(
        path,
        "raw",
        null,
        null,
        response -> {
          int status = response.getStatusLine().getStatusCode();
          HttpEntity entity = response.getEntity();
          if (status == 200) {
            long index = ConsulTransport.index(response.getFirstHeader("X-Consul-Index"));
            byte[] held = readAtMost(entity, expected.length + 1);
            return Optional.of(
                index > 0 && Arrays.equals(held, expected)
                    ? Optional.of(index)
                    : Optional.<Long>empty());
          }
          String body = ConsulTransport.text(entity);
          if (status == 404) {
            ConsulErrors.notFoundIsEmpty(transport.describe(), 404, body);
            return Optional.of(Optional.<Long>empty());
          }
          if (status == 500 && body.contains("invalid key name")) {
            return Optional.empty();
          }
          throw ConsulErrors.status(transport.describe(), status, body);
        });
  }

  /** A value longer than the one written is not it: never more is read. */
  private static byte[] readAtMost(HttpEntity entity, int max) throws IOException {
    if (entity == null) {
      return new byte[0];
    }
    try (InputStream in = entity.getContent()) {
      return in.readNBytes(max);
    }
  }
}
