package io.fileconsul.etcd;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The gateway's JSON: keys and values in base64, 64-bit numbers as strings, and fields at their
 * default (0, false, empty) left out.
 */
final class EtcdJson {
  /** One key as a range returns it; {@code value} is null for a keys_only range. */
  record Kv(String key, byte[] value, long modRevision, long createRevision, long lease) {}

  private EtcdJson() {}

  static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** The range end that stops right after every key starting with {@code start}. */
  static String rangeEnd(String start) {
    byte[] b = start.getBytes(StandardCharsets.UTF_8);
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xff) {
        byte[] end = java.util.Arrays.copyOf(b, i + 1);
        end[i]++;
        return b64(end);
      }
    }
    return b64(new byte[] {0}); // every key
  }

  static JsonObject range(
      String key, String rangeEndB64, long revision, long limit, boolean keysOnly) {
    JsonObject r = new JsonObject();
    r.addProperty("key", b64(key));
    if (rangeEndB64 != null) {
      r.addProperty("range_end", rangeEndB64);
    }
    if (revision > 0) {
      r.addProperty("revision", revision);
    }
    if (limit > 0) {
      r.addProperty("limit", limit);
    }
    if (keysOnly) {
      r.addProperty("keys_only", true);
    }
    return r;
  }

  static long revision(JsonObject answer) {
    return number(object(answer, "header"), "revision");
  }

  static JsonObject object(JsonObject o, String name) {
    JsonElement e = o == null ? null : o.get(name);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
  }

  static JsonArray array(JsonObject o, String name) {
    JsonElement e = o == null ? null : o.get(name);
    return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
  }

  static long number(JsonObject o, String name) {
    JsonElement e = o == null ? null : o.get(name);
    return e == null || !e.isJsonPrimitive() ? 0 : Long.parseUnsignedLong(e.getAsString());
  }

  static boolean bool(JsonObject o, String name) {
    JsonElement e = o == null ? null : o.get(name);
    return e != null && e.isJsonPrimitive() && e.getAsBoolean();
  }

  static String text(JsonObject o, String name) {
    JsonElement e = o == null ? null : o.get(name);
    return e == null || !e.isJsonPrimitive() ? "" : e.getAsString();
  }

  static List<Kv> kvs(JsonObject rangeAnswer) {
    List<Kv> out = new ArrayList<>();
    for (JsonElement e : array(rangeAnswer, "kvs")) {
      out.add(kv(e.getAsJsonObject()));
    }
    return out;
  }

  static Kv kv(JsonObject o) {
    byte[] key = Base64.getDecoder().decode(text(o, "key"));
    JsonElement v = o.get("value");
    byte[] value = v == null ? null : Base64.getDecoder().decode(v.getAsString());
    return new Kv(
        new String(key, StandardCharsets.UTF_8),
        value,
        number(o, "mod_revision"),
        number(o, "create_revision"),
        number(o, "lease"));
  }
}
