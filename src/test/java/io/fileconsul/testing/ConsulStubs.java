package io.fileconsul.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fileconsul.consul.ConsulAddress;
import io.fileconsul.consul.ConsulSettings;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WireMock responses shaped like a Consul agent's (see /work/shared/consul-kv-reference.md):
 * DirEntry JSON in Go's field order with {@code "Value": null} for empty values, index headers on
 * KV reads only, plain-text error bodies, and /v1/txn results computed from the request body.
 */
public final class ConsulStubs {
  /** Stubs opt in with {@code withTransformers(TXN_RESULTS)}. */
  public static final String TXN_RESULTS = "consul-txn-results";

  private ConsulStubs() {}

  /** A WireMock server on a free port that fails the test on any request no stub matched. */
  public static WireMockExtension server() {
    return WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().extensions(new TxnResults()))
        .failOnUnmatchedRequests(true)
        .build();
  }

  public static ConsulSettings settings(String baseUrl, Optional<String> token, Duration timeout) {
    return new ConsulSettings(
        ConsulAddress.parse(baseUrl, false),
        token,
        Optional.empty(),
        ConsulSettings.Tls.defaults(),
        timeout);
  }

  public static ConsulSettings settings(String baseUrl) {
    return settings(baseUrl, Optional.empty(), Duration.ofSeconds(10));
  }

  /** One DirEntry as Consul CE serialises it: no Session when unlocked, null for no bytes. */
  public static JsonObject entry(String key, byte[] value, long flags, long modifyIndex) {
    JsonObject e = new JsonObject();
    e.addProperty("LockIndex", 0);
    e.addProperty("Key", key);
    e.addProperty("Flags", new BigInteger(Long.toUnsignedString(flags)));
    if (value.length == 0) {
      e.add("Value", JsonNull.INSTANCE);
    } else {
      e.addProperty("Value", Base64.getEncoder().encodeToString(value));
    }
    e.addProperty("CreateIndex", modifyIndex);
    e.addProperty("ModifyIndex", modifyIndex);
    return e;
  }

  public static String array(JsonObject... entries) {
    return array(Arrays.asList(entries));
  }

  /** Compact JSON, as a non-dev agent sends it (no trailing newline). */
  public static String array(List<JsonObject> entries) {
    JsonArray a = new JsonArray();
    entries.forEach(a::add);
    return a.toString();
  }

  /** 200 to a KV read, with the meta headers Consul sets on every KV GET. */
  public static ResponseDefinitionBuilder kvRead(String json, long index) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withHeader("X-Consul-Index", Long.toString(index))
        .withHeader("X-Consul-Knownleader", "true")
        .withHeader("X-Consul-Lastcontact", "0")
        .withBody(json);
  }

  /**
   * 200 to a {@code ?raw} KV read of one key: the stored bytes, the anti-XSS headers Consul sets
   * since 1.9.5, and the key's own ModifyIndex as X-Consul-Index.
   */
  public static ResponseDefinitionBuilder kvRaw(byte[] value, long modifyIndex) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "text/plain")
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("Content-Security-Policy", "sandbox")
        .withHeader("X-Consul-Index", Long.toString(modifyIndex))
        .withHeader("X-Consul-Knownleader", "true")
        .withHeader("X-Consul-Lastcontact", "0")
        .withBody(value);
  }

  /** 404 to a KV read: empty body, but the meta headers are still sent. */
  public static ResponseDefinitionBuilder kvNotFound(long index) {
    return aResponse()
        .withStatus(404)
        .withHeader("X-Consul-Index", Long.toString(index))
        .withHeader("X-Consul-Knownleader", "true")
        .withHeader("X-Consul-Lastcontact", "0");
  }

  /** 200 {@code true} or {@code false} to a KV PUT; no index headers. */
  public static ResponseDefinitionBuilder kvWrite(boolean applied) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(Boolean.toString(applied));
  }

  /** A plain-text error as Consul's HTTP wrapper writes it (Go sniffs the content type). */
  public static ResponseDefinitionBuilder error(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "text/plain; charset=utf-8")
        .withBody(body);
  }

  /** 409 from /v1/txn: the whole transaction rolled back, one error per failed operation. */
  public static ResponseDefinitionBuilder txnRolledBack(int opIndex, String what) {
    JsonObject err = new JsonObject();
    err.addProperty("OpIndex", opIndex);
    err.addProperty("What", what);
    JsonArray errors = new JsonArray();
    errors.add(err);
    JsonObject body = new JsonObject();
    body.add("Results", JsonNull.INSTANCE);
    body.add("Errors", errors);
    return aResponse()
        .withStatus(409)
        .withHeader("Content-Type", "application/json")
        .withBody(body.toString());
  }

  /** 200 from /v1/txn with a result per written key; pair with {@code TXN_RESULTS}. */
  public static ResponseDefinitionBuilder txnCommitted() {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withTransformers(TXN_RESULTS);
  }

  /**
   * Answers a committed /v1/txn the way Consul does: every write in one transaction gets the same
   * new ModifyIndex, results carry {@code "Value": null}, and deletes produce no result at all.
   */
  static final class TxnResults implements ResponseTransformerV2 {
    private final AtomicLong raftIndex = new AtomicLong(1000);

    @Override
    public String getName() {
      return TXN_RESULTS;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
      long index = raftIndex.incrementAndGet();
      JsonArray results = new JsonArray();
      for (JsonElement op :
          JsonParser.parseString(serveEvent.getRequest().getBodyAsString()).getAsJsonArray()) {
        JsonObject kv = op.getAsJsonObject().getAsJsonObject("KV");
        if (!kv.get("Verb").getAsString().equals("cas")) {
          continue;
        }
        JsonObject r = new JsonObject();
        r.addProperty("LockIndex", 0);
        r.add("Key", kv.get("Key"));
        r.add("Flags", kv.get("Flags"));
        r.add("Value", JsonNull.INSTANCE);
        // A real CreateIndex is unknown to a stub; the CAS index stands in (nothing reads it).
        long previous = kv.get("Index").getAsLong();
        r.addProperty("CreateIndex", previous == 0 ? index : previous);
        r.addProperty("ModifyIndex", index);
        JsonObject wrapped = new JsonObject();
        wrapped.add("KV", r);
        results.add(wrapped);
      }
      JsonObject body = new JsonObject();
      body.add("Results", results);
      body.add("Errors", JsonNull.INSTANCE);
      return Response.Builder.like(response).but().body(body.toString()).build();
    }
  }
}
