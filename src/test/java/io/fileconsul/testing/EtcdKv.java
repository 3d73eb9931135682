package io.fileconsul.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Another etcd client, independent of fileconsul's code: plain JSON-gateway requests with the JDK's
 * HTTP client, to write and read keys behind fileconsul's back and to set up auth.
 */
public final class EtcdKv {
  private final String url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String token;

  public EtcdKv(String url) {
    this.url = url;
  }

  /** The same server as root (after {@link #enableAuth}). */
  public EtcdKv as(String user, String password) {
    EtcdKv other = new EtcdKv(url);
    JsonObject login = new JsonObject();
    login.addProperty("name", user);
    login.addProperty("password", password);
    other.token = post("/v3/auth/authenticate", login).get("token").getAsString();
    return other;
  }

  /** A fresh token of {@code user}, as any client logs in. */
  public String token(String user, String password) {
    JsonObject login = new JsonObject();
    login.addProperty("name", user);
    login.addProperty("password", password);
    return post("/v3/auth/authenticate", login).get("token").getAsString();
  }

  /** Whether etcd still takes {@code token} (a read with it does not fail as unauthenticated). */
  public boolean tokenValid(String token, String key) {
    JsonObject o = new JsonObject();
    o.addProperty("key", b64(key.getBytes(StandardCharsets.UTF_8)));
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/v3/kv/range"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", token)
                  .POST(HttpRequest.BodyPublishers.ofString(o.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return !r.body().contains("invalid auth token");
    } catch (IOException e) {
      throw new AssertionError("etcd range failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public void put(String key, String value) {
    put(key, value.getBytes(StandardCharsets.UTF_8));
  }

  public void put(String key, byte[] value) {
    JsonObject o = new JsonObject();
    o.addProperty("key", b64(key.getBytes(StandardCharsets.UTF_8)));
    o.addProperty("value", b64(value));
    post("/v3/kv/put", o);
  }

  /** Puts with a fresh lease of {@code ttlSeconds}, as etcd's lock and election recipes do. */
  public void putWithLease(String key, String value, long ttlSeconds) {
    JsonObject grant = new JsonObject();
    grant.addProperty("TTL", ttlSeconds);
    String lease = post("/v3/lease/grant", grant).get("ID").getAsString();
    JsonObject o = new JsonObject();
    o.addProperty("key", b64(key.getBytes(StandardCharsets.UTF_8)));
    o.addProperty("value", b64(value.getBytes(StandardCharsets.UTF_8)));
    o.addProperty("lease", lease);
    post("/v3/kv/put", o);
  }

  public void delete(String key) {
    JsonObject o = new JsonObject();
    o.addProperty("key", b64(key.getBytes(StandardCharsets.UTF_8)));
    post("/v3/kv/deleterange", o);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(prefix(key, false).get(key));
  }

  /** Every key starting with {@code start} and its value, as {@code etcdctl get --prefix}. */
  public Map<String, String> getPrefix(String start) {
    return prefix(start, true);
  }

  /** As {@link #getPrefix}, with the values' exact bytes and keys relative to {@code start}. */
  public Map<String, byte[]> getPrefixBytes(String start) {
    JsonObject o = new JsonObject();
    byte[] k = start.getBytes(StandardCharsets.UTF_8);
    byte[] end = k.clone();
    end[end.length - 1]++;
    o.addProperty("key", b64(k));
    o.addProperty("range_end", b64(end));
    Map<String, byte[]> out = new TreeMap<>();
    JsonElement kvs = post("/v3/kv/range", o).get("kvs");
    if (kvs != null) {
      for (JsonElement e : kvs.getAsJsonArray()) {
        JsonObject kv = e.getAsJsonObject();
        String key =
            new String(
                Base64.getDecoder().decode(kv.get("key").getAsString()), StandardCharsets.UTF_8);
        byte[] value =
            kv.has("value")
                ? Base64.getDecoder().decode(kv.get("value").getAsString())
                : new byte[0];
        out.put(key.substring(start.length()), value);
      }
    }
    return out;
  }

  private Map<String, String> prefix(String start, boolean range) {
    JsonObject o = new JsonObject();
    byte[] k = start.getBytes(StandardCharsets.UTF_8);
    o.addProperty("key", b64(k));
    if (range) {
      byte[] end = k.clone();
      end[end.length - 1]++;
      o.addProperty("range_end", b64(end));
    }
    Map<String, String> out = new TreeMap<>();
    JsonElement kvs = post("/v3/kv/range", o).get("kvs");
    if (kvs != null) {
      for (JsonElement e : kvs.getAsJsonArray()) {
        JsonObject kv = e.getAsJsonObject();
        String value = kv.has("value") ? kv.get("value").getAsString() : "";
        out.put(
            new String(
                Base64.getDecoder().decode(kv.get("key").getAsString()), StandardCharsets.UTF_8),
            new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Compacts away every revision before the current one; returns that revision. */
  public long compactAll() {
    JsonObject o = new JsonObject();
    o.addProperty("key", b64(new byte[] {0}));
    long revision = post("/v3/kv/range", o).getAsJsonObject("header").get("revision").getAsLong();
    JsonObject c = new JsonObject();
    c.addProperty("revision", revision);
    c.addProperty("physical", true);
    post("/v3/kv/compaction", c);
    return revision;
  }

  /**
   * Turns auth on with a root user, and adds {@code user} whose role may only read keys starting
   * with {@code readPrefix}.
   */
  public EtcdKv enableAuth(String rootPassword, String user, String password, String readPrefix) {
    post("/v3/auth/role/add", obj("name", "root"));
    JsonObject root = obj("name", "root");
    root.addProperty("password", rootPassword);
    post("/v3/auth/user/add", root);
    JsonObject grant = obj("user", "root");
    grant.addProperty("role", "root");
    post("/v3/auth/user/grant", grant);
    post("/v3/auth/role/add", obj("name", "reader"));
    JsonObject perm = new JsonObject();
    perm.addProperty("permType", "READ");
    byte[] k = readPrefix.getBytes(StandardCharsets.UTF_8);
    byte[] end = k.clone();
    end[end.length - 1]++;
    perm.addProperty("key", b64(k));
    perm.addProperty("range_end", b64(end));
    JsonObject rg = obj("name", "reader");
    rg.add("perm", perm);
    post("/v3/auth/role/grant", rg);
    JsonObject u = obj("name", user);
    u.addProperty("password", password);
    post("/v3/auth/user/add", u);
    JsonObject ug = obj("user", user);
    ug.addProperty("role", "reader");
    post("/v3/auth/user/grant", ug);
    post("/v3/auth/enable", new JsonObject());
    return as("root", rootPassword);
  }

  /** Adds a user with no role (as root): raises the auth store's revision. */
  public void addUser(String name, String password) {
    JsonObject u = obj("name", name);
    u.addProperty("password", password);
    post("/v3/auth/user/add", u);
  }

  private static JsonObject obj(String k, String v) {
    JsonObject o = new JsonObject();
    o.addProperty(k, v);
    return o;
  }

  private JsonObject post(String path, JsonObject body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (token != null) {
      b.header("Authorization", token);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new AssertionError("etcd " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return JsonParser.parseString(r.body()).getAsJsonObject();
    } catch (IOException e) {
      throw new AssertionError("etcd " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
