package io.fileconsul.consul;

import com.ecwid.consul.UrlParameters;
import com.ecwid.consul.transport.HttpResponse;
import com.ecwid.consul.transport.TransportException;
import com.ecwid.consul.v1.ConsulRawClient;
import com.ecwid.consul.v1.Request;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.util.EntityUtils;

/**
 * {@link KvStore} over ecwid's ConsulRawClient, with what ecwid 1.4.5 lacks done here: every key
 * segment percent-encoded, the token as a header (see {@link HttpClients}), /v1/txn, CAS, and a
 * streaming listing (ecwid reads whole bodies into a String).
 */
public final class ConsulKvStore implements KvStore {
  /**
   * Listing values kept in memory for the apply phase; larger trees are re-read per file. A
   * quarter of the heap, at least 32 MiB: a fixed 32 MiB made a pull of a 10,000-file, 85 MB tree
   * send 5,600 extra GETs under a multi-GiB default heap, while -Xmx256m still keeps it at 64 MiB.
   */
  static final long RETAINED_VALUE_BUDGET =
      Math.max(32L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4);

  static {
    // ecwid logs every request's headers, token included, at FINEST: never let that through.
    Logger.getLogger("com.ecwid.consul").setLevel(Level.OFF);
  }

  private final ConsulSettings settings;
  private final CloseableHttpClient http;
  /**
   * Made on first use: loading ecwid's client class builds a default HTTP client of its own
   * (JDK trust store, public suffix list), about a quarter of a status run that never needs it.
   */
  private ConsulRawClient raw;
  private final AtomicLong requests = new AtomicLong();

  private ConsulKvStore(ConsulSettings settings, CloseableHttpClient http) {
    this.settings = settings;
    this.http = http;
  }

  private synchronized ConsulRawClient raw() {
    if (raw == null) {
      URI a = settings.address();
      raw = ConsulRawClient.Builder.builder()
          .setHost(a.getScheme() + "://" + a.getHost())
          .setPort(a.getPort())
          .setPath(a.getRawPath() == null ? "" : a.getRawPath())
          .setHttpClient(http)
          .build();
    }
    return raw;
  }

  public static ConsulKvStore connect(ConsulSettings settings) {
    return new ConsulKvStore(settings, HttpClients.create(settings));
  }

  /** HTTP requests made so far (benchmarks and --debug report it). */
  public long requestCount() {
    return requests.get();
  }

  @Override
  public String describe() {
    return settings.describe();
  }

  @Override
  public Listing list(String prefix) {
    String url = settings.describe() + "/v1/kv/" + KeyEncoding.encodePath(prefix + "/")
        + "?recurse" + dcQuery("&");
    requests.incrementAndGet();
    try (CloseableHttpResponse response = http.execute(new HttpGet(url))) {
      int status = response.getStatusLine().getStatusCode();
      long index = index(response.getFirstHeader("X-Consul-Index"));
      HttpEntity entity = response.getEntity();
      if (status == 404) {
        EntityUtils.consume(entity);
        return new Listing(List.of(), Map.of(), index);
      }
      if (status != 200) {
        throw ConsulErrors.status(describe(), status, entity == null ? "" : EntityUtils.toString(entity));
      }
      try (JsonReader reader = new JsonReader(
          new InputStreamReader(entity.getContent(), StandardCharsets.UTF_8))) {
        return readListing(reader, index);
      }
    } catch (IOException e) {
      throw ConsulErrors.transport(describe(), e);
    } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
      throw malformed("listing", e);
    }
  }

  private static Listing readListing(JsonReader reader, long index) throws IOException {
    List<KvEntry> entries = new ArrayList<>();
    Map<String, byte[]> kept = new HashMap<>();
    long keptBytes = 0;
    reader.beginArray();
    while (reader.hasNext()) {
      String key = null;
      byte[] value = new byte[0];
      long flags = 0;
      long modifyIndex = 0;
      reader.beginObject();
      while (reader.hasNext()) {
        switch (reader.nextName()) {
          case "Key" -> key = reader.nextString();
          case "Flags" -> flags = Long.parseUnsignedLong(reader.nextString());
          case "ModifyIndex" -> modifyIndex = Long.parseUnsignedLong(reader.nextString());
          case "Value" -> value = readValue(reader);
          default -> reader.skipValue();
        }
      }
      reader.endObject();
      if (key == null) {
        throw new JsonParseException("an entry without a Key");
      }
      entries.add(new KvEntry(key, flags, modifyIndex, DigestUtils.sha256Hex(value), value.length));
      if (keptBytes + value.length <= RETAINED_VALUE_BUDGET) {
        kept.put(key, value);
        keptBytes += value.length;
      }
    }
    reader.endArray();
    return new Listing(entries, kept, index);
  }

  private static byte[] readValue(JsonReader reader) throws IOException {
    if (reader.peek() == JsonToken.NULL) {
      reader.nextNull(); // Consul's encoding of an empty value
      return new byte[0];
    }
    return Base64.getDecoder().decode(reader.nextString());
  }

  @Override
  public Optional<KvValue> get(String key) {
    HttpResponse response = call(() -> raw().makeGetRequest(request(kvEndpoint(key)).build()));
    if (response.getStatusCode() == 404) {
      return Optional.empty();
    }
    expect(200, response);
    try {
      JsonArray array = JsonParser.parseString(response.getContent()).getAsJsonArray();
      JsonObject o = array.get(0).getAsJsonObject();
      JsonElement v = o.get("Value");
      byte[] value = v == null || v.isJsonNull() ? new byte[0] : Base64.getDecoder().decode(v.getAsString());
      return Optional.of(new KvValue(o.get("Key").getAsString(), value,
          Long.parseUnsignedLong(o.get("Flags").getAsString()),
          Long.parseUnsignedLong(o.get("ModifyIndex").getAsString())));
    } catch (RuntimeException e) {
      throw malformed("entry", e);
    }
  }

  @Override
  public Map<String, Long> txn(List<TxnOp> ops) {
    String body = TxnJson.body(ops);
    HttpResponse response = call(() -> raw().makePutRequest(
        request("/v1/txn").setBinaryContent(body.getBytes(StandardCharsets.UTF_8)).build()));
    int status = response.getStatusCode();
    if (status == 409) {
      throw new TxnRejectedException(opErrors(response.getContent()));
    }
    expect(200, response);
    Map<String, Long> written = new LinkedHashMap<>();
    try {
      JsonElement results = JsonParser.parseString(response.getContent()).getAsJsonObject().get("Results");
      if (results != null && results.isJsonArray()) {
        for (JsonElement r : results.getAsJsonArray()) {
          JsonObject kv = r.getAsJsonObject().getAsJsonObject("KV");
          if (kv != null) {
            written.put(kv.get("Key").getAsString(),
                Long.parseUnsignedLong(kv.get("ModifyIndex").getAsString()));
          }
        }
      }
    } catch (RuntimeException e) {
      throw malformed("transaction result", e);
    }
    return written;
  }

  private List<TxnRejectedException.OpError> opErrors(String body) {
    List<TxnRejectedException.OpError> errors = new ArrayList<>();
    try {
      JsonElement e = JsonParser.parseString(body).getAsJsonObject().get("Errors");
      if (e != null && e.isJsonArray()) {
        for (JsonElement item : e.getAsJsonArray()) {
          JsonObject o = item.getAsJsonObject();
          errors.add(new TxnRejectedException.OpError(
              o.has("OpIndex") ? o.get("OpIndex").getAsInt() : -1,
              o.has("What") ? o.get("What").getAsString() : ""));
        }
      }
    } catch (RuntimeException ex) {
      throw malformed("transaction error", ex);
    }
    return errors;
  }

  @Override
  public boolean putCas(String key, byte[] value, long flags, long cas) {
    HttpResponse response = call(() -> raw().makePutRequest(request(kvEndpoint(key))
        .addUrlParameter(param("cas", Long.toUnsignedString(cas)))
        .addUrlParameter(param("flags", Long.toUnsignedString(flags)))
        .setBinaryContent(value)
        .build()));
    expect(200, response);
    return response.getContent() != null && response.getContent().contains("true");
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // nothing left to do with a connection pool that fails to close
    }
  }

  private Request.Builder request(String endpoint) {
    Request.Builder b = Request.Builder.newBuilder().setEndpoint(endpoint);
    settings.datacenter().ifPresent(dc -> b.addUrlParameter(param("dc", dc)));
    return b;
  }

  private static String kvEndpoint(String key) {
    return "/v1/kv/" + KeyEncoding.encodePath(key);
  }

  private static UrlParameters param(String name, String value) {
    return () -> List.of(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private String dcQuery(String sep) {
    return settings.datacenter()
        .map(dc -> sep + "dc=" + URLEncoder.encode(dc, StandardCharsets.UTF_8))
        .orElse("");
  }

  private HttpResponse call(java.util.function.Supplier<HttpResponse> request) {
    requests.incrementAndGet();
    try {
      return request.get();
    } catch (TransportException e) {
      IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e);
      throw ConsulErrors.transport(describe(), cause);
    }
  }

  private void expect(int status, HttpResponse response) {
    if (response.getStatusCode() != status) {
      throw ConsulErrors.status(describe(), response.getStatusCode(), response.getContent());
    }
  }

  private static long index(Header header) {
    try {
      return header == null ? 0 : Long.parseUnsignedLong(header.getValue().trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private FileconsulException malformed(String what, Exception e) {
    return new FileconsulException(ExitCode.UNAVAILABLE, "Consul at " + describe()
        + " sent a malformed " + what + " (" + ConsulErrors.oneLine(e.getMessage())
        + "); check --addr points at a Consul HTTP API", e);
  }
}
