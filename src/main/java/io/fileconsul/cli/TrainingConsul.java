package io.fileconsul.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The few answers of Consul's HTTP API that {@link TrainingRun} needs, in the shapes
 * ../shared/consul-kv-reference.md records: the identity endpoints, listings, key listings, one
 * entry, CAS writes and transactions, with one index that every write raises. Only for training: no
 * ACLs, no blocking queries, no tombstones beyond that index, loopback only.
 */
final class TrainingConsul implements AutoCloseable {
  private record Entry(byte[] value, long flags, long modifyIndex) {}

  private final HttpServer server;
  private final TreeMap<String, Entry> kv = new TreeMap<>();
  private long index = 10;

  private TrainingConsul(HttpServer server) {
    this.server = server;
  }

  static TrainingConsul start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    TrainingConsul consul = new TrainingConsul(server);
    server.createContext("/", consul::handle);
    server.start();
    return consul;
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** A write by another tool, as consul kv put makes one. */
  synchronized void put(String key, byte[] value) {
    kv.put(key, new Entry(value, 0, ++index));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      String query = x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery();
      byte[] body = x.getRequestBody().readAllBytes();
      if (path.equals("/v1/connect/ca/roots")) {
        send(
            x,
            200,
            "{\"TrustDomain\":\"6c1a3b3e-5d7f-4e8a-9b0c-1d2e3f405162.consul\",\"Roots\":[]}");
      } else if (path.equals("/v1/agent/self")) {
        send(x, 200, "{\"Config\":{\"Datacenter\":\"dc1\"}}");
      } else if (path.equals("/v1/txn")) {
        txn(x, body);
      } else if (path.startsWith("/v1/kv/") && x.getRequestMethod().equals("PUT")) {
        casPut(x, path.substring("/v1/kv/".length()), query, body);
      } else if (path.startsWith("/v1/kv/")) {
        read(x, path.substring("/v1/kv/".length()), query);
      } else {
        send(x, 404, "");
      }
    }
  }

  private void read(HttpExchange x, String key, String query) throws IOException {
    boolean recurse = query.contains("recurse");
    boolean keys = query.contains("keys");
    JsonArray out = new JsonArray();
    for (Map.Entry<String, Entry> e : kv.tailMap(key, true).entrySet()) {
      if (!(recurse || keys) && !e.getKey().equals(key) || !e.getKey().startsWith(key)) {
        break;
      }
      out.add(keys ? new JsonPrimitive(e.getKey()) : entry(e.getKey(), e.getValue()));
      if (!recurse && !keys) {
        break;
      }
    }
    x.getResponseHeaders().set("X-Consul-Index", Long.toString(index));
    send(x, out.isEmpty() ? 404 : 200, out.isEmpty() ? "" : out.toString());
  }

  private void casPut(HttpExchange x, String key, String query, byte[] body) throws IOException {
    long cas = param(query, "cas");
    Entry now = kv.get(key);
    boolean won = now == null ? cas == 0 : now.modifyIndex() == cas;
    if (won) {
      kv.put(key, new Entry(body, param(query, "flags"), ++index));
    }
    send(x, 200, Boolean.toString(won));
  }

  private void txn(HttpExchange x, byte[] body) throws IOException {
    JsonArray ops =
        JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonArray();
    long at = ++index;
    JsonArray results = new JsonArray();
    for (JsonElement op : ops) {
      JsonObject kvOp = op.getAsJsonObject().getAsJsonObject("KV");
      String key = kvOp.get("Key").getAsString();
      if (kvOp.get("Verb").getAsString().startsWith("delete")) {
        kv.remove(key);
        continue;
      }
      byte[] value = Base64.getDecoder().decode(kvOp.get("Value").getAsString());
      Entry written = new Entry(value, kvOp.get("Flags").getAsLong(), at);
      kv.put(key, written);
      JsonObject result = new JsonObject();
      result.add("KV", entry(key, written));
      results.add(result);
    }
    send(x, 200, "{\"Results\":" + results + ",\"Errors\":null}");
  }

  private static JsonObject entry(String key, Entry e) {
    JsonObject o = new JsonObject();
    o.addProperty("LockIndex", 0);
    o.addProperty("Key", key);
    o.addProperty("Flags", e.flags());
    o.addProperty(
        "Value", e.value().length == 0 ? null : Base64.getEncoder().encodeToString(e.value()));
    o.addProperty("CreateIndex", e.modifyIndex());
    o.addProperty("ModifyIndex", e.modifyIndex());
    return o;
  }

  private static long param(String query, String name) {
    for (String p : query.split("&")) {
      if (p.startsWith(name + "=")) {
        return Long.parseLong(p.substring(name.length() + 1));
      }
    }
    return 0;
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
