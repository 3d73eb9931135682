package io.fileconsul.consul;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fileconsul.store.KvValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One key read through /v1/txn ({@code get-or-empty}), for a key name Consul 1.22 refuses on /v1/kv
 * (a trailing space is a 500 "invalid key name") though its /v1/txn, which push writes with, took
 * it. Like a GET it checks the token's read permission (a 403), and an absent key comes back empty
 * with ModifyIndex 0, never a failed transaction. No result at all (ACL filtering) is a malformed
 * answer, never "absent": pull deletes a file whose key is absent.
 */
final class TxnGet {
  private TxnGet() {}

  static byte[] body(String key, String scope) {
    String op =
        "[{\"KV\":{\"Verb\":\"get-or-empty\",\"Key\":" + TxnJson.jsonString(key) + scope + "}}]";
    return op.getBytes(StandardCharsets.UTF_8);
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
