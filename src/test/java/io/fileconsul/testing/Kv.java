package io.fileconsul.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A raw Consul KV client for test setup and assertions, independent of the code under test
 * (java.net.http, not ecwid): it can write keys fileconsul never would, through /v1/txn.
 */
public final class Kv {
  private final String url;
  private final String token;
  private final HttpClient http = HttpClient.newHttpClient();

  public Kv(String url) {
    this(url, null);
  }

  public Kv(String url, String token) {
    this.url = url;
    this.token = token;
  }

  /** One stored entry. */
  public record Entry(String key, byte[] value, long flags, long modifyIndex, String session) {
    public String text() {
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  /** A new session (as consul lock makes one); its ID. */
  public String createSession() {
    HttpResponse<byte[]> r =
        send(
            "PUT",
            "/v1/session/create",
            "{\"TTL\": \"600s\", \"Behavior\": \"release\"}".getBytes(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("session create: HTTP " + r.statusCode());
    }
    return JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8))
        .getAsJsonObject()
        .get("ID")
        .getAsString();
  }

  /** PUT ?acquire=: true when the session now holds the key. */
  public boolean acquire(String key, String value, String session) {
    HttpResponse<byte[]> r =
        send(
            "PUT",
            "/v1/kv/" + encode(key) + "?acquire=" + session,
            value.getBytes(StandardCharsets.UTF_8));
    return r.statusCode() == 200 && new String(r.body(), StandardCharsets.UTF_8).contains("true");
  }

  /** A plain PUT with Flags, as consul lock writes its lock and semaphore keys. */
  public void putWithFlags(String key, String value, long flags) {
    int status =
        send(
                "PUT",
                "/v1/kv/" + encode(key) + "?flags=" + Long.toUnsignedString(flags),
                value.getBytes(StandardCharsets.UTF_8))
            .statusCode();
    if (status != 200) {
      throw new IllegalStateException("put " + key + ": HTTP " + status);
    }
  }

  /** Sets keys (any bytes, any key) atomically through /v1/txn; returns the HTTP status. */
  public int txnSet(Map<String, byte[]> entries) {
    JsonArray ops = new JsonArray();
    entries.forEach(
        (k, v) -> {
          JsonObject kv = new JsonObject();
          kv.addProperty("Verb", "set");
          kv.addProperty("Key", k);
          kv.addProperty("Value", Base64.getEncoder().encodeToString(v));
          JsonObject op = new JsonObject();
          op.add("KV", kv);
          ops.add(op);
        });
    return send("PUT", "/v1/txn", ops.toString().getBytes(StandardCharsets.UTF_8)).statusCode();
  }

  public void put(String key, String value) {
    txnSet(Map.of(key, value.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A plain PUT of raw bytes (no txn, so values up to the agent's full 512 KiB limit); the HTTP
   * status.
   */
  public int putBytes(String key, byte[] value) {
    return send("PUT", "/v1/kv/" + encode(key), value).statusCode();
  }

  /** Deletes one key; the HTTP status. */
  public int delete(String key) {
    return send("DELETE", "/v1/kv/" + encode(key), null).statusCode();
  }

  /** Every entry under {@code prefix} (a plain string prefix), by key. */
  public Map<String, Entry> list(String prefix) {
    HttpResponse<byte[]> r = send("GET", "/v1/kv/" + encode(prefix) + "?recurse", null);
    Map<String, Entry> out = new TreeMap<>();
    if (r.statusCode() == 404) {
      return out;
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException("list " + prefix + ": HTTP " + r.statusCode());
    }
    for (JsonElement e :
        JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonArray()) {
      JsonObject o = e.getAsJsonObject();
      JsonElement v = o.get("Value");
      byte[] value =
          v == null || v.isJsonNull() ? new byte[0] : Base64.getDecoder().decode(v.getAsString());
      JsonElement session = o.get("Session");
      out.put(
          o.get("Key").getAsString(),
          new Entry(
              o.get("Key").getAsString(),
              value,
              Long.parseUnsignedLong(o.get("Flags").getAsString()),
              o.get("ModifyIndex").getAsLong(),
              session == null ? "" : session.getAsString()));
    }
    return out;
  }

  public Optional<Entry> get(String key) {
    return Optional.ofNullable(list(key).get(key));
  }

  public void deleteTree(String prefix) {
    send("DELETE", "/v1/kv/" + encode(prefix) + "?recurse", null);
  }

  public List<String> keys(String prefix) {
    return List.copyOf(list(prefix).keySet());
  }

  /** Raw request, for the odd status a test wants to see. */
  public HttpResponse<byte[]> send(String method, String path, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("X-Consul-Token", token);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String encode(String key) {
    StringBuilder sb = new StringBuilder();
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 128 || "-._~/".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append(String.format("%%%02X", c));
      }
    }
    return sb.toString();
  }
}
