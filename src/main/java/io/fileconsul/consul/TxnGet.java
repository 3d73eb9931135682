package io.fileconsul.consul;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fileconsul.store.KvValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One key read through /v1/txn ({@code get-or-empty}), for a key name Consul refuses on /v1/kv with
 * a 500 "invalid key name" (1.21.5: outside its regex; 1.22: a space at the end) though its
 * /v1/txn, which push writes with, took it. An unknown token is a 403 as on a GET, and an absent
 * key comes back empty with ModifyIndex 0, never a failed transaction. No result at all is what a
 * token that may not read the key gets (the read is filtered, with a 200): hidden, never "absent",
 * as pull deletes a file whose key is absent.
 */
final class TxnGet {
  private TxnGet() {}

  static Optional<KvValue> read(ConsulTransport transport, String where, String key, String scope) {
    ConsulTransport.Answer read = transport.put("/v1/txn", "", body(key, scope));
    if (read.status() != 200) {
      throw ConsulErrors.status(where, read.status(), read.body());
    }
    boolean hidden;
    Optional<KvValue> entry;
    try {
      hidden = filtered(read.body());
      entry = hidden ? Optional.empty() : entry(read.body());
    } catch (RuntimeException e) {
      throw ConsulErrors.malformed(where, "transaction read", e);
    }
    if (hidden) {
      throw ConsulErrors.hiddenKey(where, key);
    }
    return entry;
  }

  static byte[] body(String key, String scope) {
    String op =
        "[{\"KV\":{\"Verb\":\"get-or-empty\",\"Key\":" + TxnJson.jsonString(key) + scope + "}}]";
    return op.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the read came back without its one result: the token may not read the key. */
  static boolean filtered(String body) {
    JsonArray results = JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("Results");
    return results != null && results.isEmpty();
  }

  static Optional<KvValue> entry(String body) {
    JsonArray results = JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("Results");
    JsonObject kv = results.get(0).getAsJsonObject().getAsJsonObject("KV");
    long index = Long.parseUnsignedLong(kv.get("ModifyIndex").getAsString());
    if (index == 0) {
      return Optional.empty();
    }
    byte[] value =
        kv.get("Value") == null || kv.get("Value").isJsonNull()
            ? new byte[0]
            : Base64.getDecoder().decode(kv.get("Value").getAsString());
    return Optional.of(
        new KvValue(
            kv.get("Key").getAsString(),
            value,
            Long.parseUnsignedLong(kv.get("Flags").getAsString()),
            index));
  }
}
