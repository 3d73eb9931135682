package io.fileconsul.consul;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fileconsul.store.KvValue;
import io.fileconsul.store.TxnRejectedException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Consul's small answers (one entry, a key listing, a transaction's results or errors, a CAS
 * write's verdict); the listing, which streams, is {@link ListingReader}'s. Each method throws an
 * unchecked exception for a body of the wrong shape, which the store reports as malformed: the
 * server's answer is untrusted input.
 */
final class ConsulAnswers {
  private ConsulAnswers() {}

  /** The first entry of a GET /v1/kv/KEY answer. */
  static KvValue entry(String body) {
    JsonArray array = JsonParser.parseString(body).getAsJsonArray();
    JsonObject o = array.get(0).getAsJsonObject();
    JsonElement v = o.get("Value");
    byte[] value =
        v == null || v.isJsonNull() ? new byte[0] : Base64.getDecoder().decode(v.getAsString());
    return new KvValue(
        o.get("Key").getAsString(),
        value,
        Long.parseUnsignedLong(o.get("Flags").getAsString()),
        Long.parseUnsignedLong(o.get("ModifyIndex").getAsString()));
  }

  /** A ?keys answer: a JSON array of key names. */
  static List<String> keys(String body) {
    List<String> keys = new ArrayList<>();
    for (JsonElement k : JsonParser.parseString(body).getAsJsonArray()) {
      keys.add(k.getAsString());
    }
    return keys;
  }

  /** The new ModifyIndex of every key a committed transaction wrote, in order. */
  static Map<String, Long> txnWritten(String body) {
    Map<String, Long> written = new LinkedHashMap<>();
    JsonElement results = JsonParser.parseString(body).getAsJsonObject().get("Results");
    if (results != null && results.isJsonArray()) {
      for (JsonElement r : results.getAsJsonArray()) {
        JsonObject kv = r.getAsJsonObject().getAsJsonObject("KV");
        if (kv != null) {
          written.put(
              kv.get("Key").getAsString(),
              Long.parseUnsignedLong(kv.get("ModifyIndex").getAsString()));
        }
      }
    }
    return written;
  }

  private static final Pattern TOO_MANY_OPS =
      Pattern.compile("too many operations \\((\\d+) > (\\d+)\\)");

  /**
   * The limit a 413 "Transaction contains too many operations (n > m)" names, m; 0 for any other
   * body.
   */
  static int opsLimit(String body) {
    Matcher m = TOO_MANY_OPS.matcher(body);
    try {
      return m.find() ? Integer.parseInt(m.group(2)) : 0;
    } catch (NumberFormatException e) {
      return 0; // a number no agent sends: the 413 is reported as it is
    }
  }

  /** Why Consul rolled a transaction back (its 409 answer). */
  static List<TxnRejectedException.OpError> txnErrors(String body) {
    List<TxnRejectedException.OpError> errors = new ArrayList<>();
    JsonElement e = JsonParser.parseString(body).getAsJsonObject().get("Errors");
    if (e != null && e.isJsonArray()) {
      for (JsonElement item : e.getAsJsonArray()) {
        JsonObject o = item.getAsJsonObject();
        errors.add(
            new TxnRejectedException.OpError(
                o.has("OpIndex") ? o.get("OpIndex").getAsInt() : -1,
                o.has("What") ? o.get("What").getAsString() : ""));
      }
    }
    return errors;
  }

  /**
   * A PUT ?cas= answer: Consul writes exactly {@code true} or {@code false}. Anything else is
   * malformed, not a lost race: reading "not true" as lost would report a conflict that is not
   * there, and reading "contains true" as won could hide one.
   */
  static boolean casWon(String body) {
    return switch (body.strip()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "expected true or false, got \"" + ConsulErrors.oneLine(body) + "\"");
    };
  }
}
