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

import com.google.gson.stream.MalformedJsonException;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.util.EntityUtils;

/**
 * {@link KvStore} over ecwid's ConsulRawClient, with what ecwid 1.4.5 lacks done here: every key
 * segment percent-encoded, the token as a header (see {@link HttpClients}), /v1/txn, CAS, and a
 * streaming listing (ecwid reads whole bodies into a String).
 */
public final class ConsulKvStore implements KvStore {
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

  private final long retainedValueBudget;

  private ConsulKvStore(ConsulSettings settings, CloseableHttpClient http, long retainedValueBudget) {
    this.settings = settings;
    this.http = http;
    this.retainedValueBudget = retainedValueBudget;
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
    return connect(settings, ListingReader.RETAINED_VALUE_BUDGET);
  }

  /** With a chosen budget for listing values kept in memory (tests of the re-read path). */
  public static ConsulKvStore connect(ConsulSettings settings, long retainedValueBudget) {
    return new ConsulKvStore(settings, HttpClients.create(settings), retainedValueBudget);
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
    return list(prefix, Map.of());
  }

  @Override
  public Listing list(String prefix, Map<String, Known> known) {
    return list(prefix, "", null, settings.timeout(), known);
  }

  @Override
  public Listing watch(String prefix, long index, Duration wait, boolean stale) {
    // Consul adds up to wait/16 of jitter before answering; allow for it and a margin.
    // --wait is at most 10m and --timeout 1h, so this stays far below int milliseconds.
    Duration deadline = wait.plus(wait.dividedBy(16)).plus(settings.timeout());
    int readTimeout = (int) deadline.toMillis();
    return list(prefix, "&index=" + Long.toUnsignedString(index) + "&wait=" + wait.toMillis() + "ms"
        + (stale ? "&stale" : ""), RequestConfig.custom().setSocketTimeout(readTimeout)
        .setConnectTimeout((int) Math.min(settings.timeout().toMillis(), 10_000))
        .setRedirectsEnabled(false).build(), deadline, Map.of());
  }

  private Listing list(String prefix, String query, RequestConfig config, Duration deadline,
      Map<String, Known> known) {
    String url = settings.describe() + "/v1/kv/" + KeyEncoding.encodePath(prefix + "/")
        + "?recurse" + dcQuery("&") + query;
    HttpGet get = new HttpGet(url);
    if (config != null) {
      get.setConfig(config);
    }
    requests.incrementAndGet();
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(DeadlineHttpClient.DEADLINE, deadline);
    try (CloseableHttpResponse response = http.execute(get, context)) {
      int status = response.getStatusLine().getStatusCode();
      long index = index(response.getFirstHeader("X-Consul-Index"));
      HttpEntity entity = response.getEntity();
      if (status != 200 && status != 404) {
        // Consul sets no charset on error bodies; they are UTF-8 (keys may be non-ASCII).
        throw ConsulErrors.status(describe(), status,
            entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8));
      }
      if (isTrue(response.getFirstHeader("X-Consul-Results-Filtered-By-ACLs"))) {
        EntityUtils.consume(entity);
        throw hidden(prefix);
      }
      if (status == 404) {
        notFoundIsEmpty(status, entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8));
        checkAnonymousMayRead(prefix, response.getFirstHeader("X-Consul-Default-ACL-Policy"));
        return new Listing(List.of(), Map.of(), index);
      }
      try (InputStream body = entity.getContent()) {
        return ListingReader.read(body, prefix, index, retainedValueBudget, known);
      }
    } catch (MalformedJsonException e) {
      // gson's syntax error is an IOException, but the transport worked: something else answered
      throw notConsul(get.getURI().getPath(), e);
    } catch (IOException e) {
      throw ConsulErrors.transport(describe(), e);
    } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
      throw malformed("listing", e);
    }
  }

  /**
   * Consul's 404 for a missing key or an empty prefix has an empty body; one with a body (e.g.
   * "Invalid URL path" for a wrong path in --addr) is something else, never an empty prefix: read
   * as one, it would make every file look deleted remotely.
   */
  private void notFoundIsEmpty(int status, String body) {
    if (body != null && !body.isBlank()) {
      throw ConsulErrors.status(describe(), status, body);
    }
  }

  /** gson's own text advises its API and links its docs: of no use to the user. */
  private FileconsulException notConsul(String path, IOException e) {
    return new FileconsulException(ExitCode.UNAVAILABLE, "Consul at " + describe() + " answered "
        + path + " with something that is not JSON (a web page or a proxy?); check --addr points"
        + " at a Consul HTTP API", e);
  }

  /**
   * A listing the token may not fully read comes back as 200 or 404 without an error, so a
   * missing permission would look like deleted keys. Consul flags that only for real tokens;
   * for the anonymous token under default deny, a read of the prefix's own key tells: the ACL
   * check comes before the existence check, so it is 403 exactly when the prefix is unreadable.
   */
  private void checkAnonymousMayRead(String prefix, Header defaultPolicy) {
    if (settings.token().isEmpty() && defaultPolicy != null
        && "deny".equalsIgnoreCase(defaultPolicy.getValue().trim())) {
      get(prefix + "/");
    }
  }

  private FileconsulException hidden(String prefix) {
    return new FileconsulException(ExitCode.DENIED, "Consul at " + describe() + " hid keys under "
        + prefix + "/ that the token may not read; use a token with key read access to the whole"
        + " prefix (--token-file, CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE)");
  }

  private static boolean isTrue(Header header) {
    return header != null && "true".equalsIgnoreCase(header.getValue().trim());
  }

  @Override
  public String identity() {
    return ConsulIdentity.of(this::getIfOk, settings.datacenter(), describe());
  }

  /**
   * The body of a 200 answer, or empty when the endpoint will not say: 403 (it needs an ACL the
   * token lacks), 404, or Connect turned off ({@code 500 "Connect must be enabled in order to use
   * this endpoint"}, checked on 1.16.6). Any other failure is an outage, not an answer: read as
   * "unknown", a passing 5xx would quietly start a second sync record for the same store.
   */
  private Optional<String> getIfOk(String endpoint) {
    HttpResponse response = call(() -> raw().makeGetRequest(
        Request.Builder.newBuilder().setEndpoint(endpoint).build()));
    int status = response.getStatusCode();
    String body = response.getContent() == null ? "" : response.getContent();
    if (status == 200) {
      return Optional.of(body);
    }
    if (status == 403 || status == 404 || body.contains("Connect must be enabled")) {
      return Optional.empty();
    }
    throw ConsulErrors.status(describe(), status, body);
  }

  @Override
  public KeyListing keys(String prefix) {
    // Through HttpGet as list() is, for the X-Consul-Results-Filtered-By-ACLs header ecwid drops.
    HttpGet get = new HttpGet(settings.describe() + "/v1/kv/" + KeyEncoding.encodePath(prefix + "/")
        + "?keys" + dcQuery("&"));
    requests.incrementAndGet();
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(DeadlineHttpClient.DEADLINE, settings.timeout());
    try (CloseableHttpResponse response = http.execute(get, context)) {
      int status = response.getStatusLine().getStatusCode();
      long index = index(response.getFirstHeader("X-Consul-Index"));
      HttpEntity entity = response.getEntity();
      String body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
      if (status != 200 && status != 404) {
        throw ConsulErrors.status(describe(), status, body);
      }
      if (isTrue(response.getFirstHeader("X-Consul-Results-Filtered-By-ACLs"))) {
        throw hidden(prefix);
      }
      if (status == 404) {
        notFoundIsEmpty(status, body);
        return new KeyListing(List.of(), index);
      }
      List<String> keys = new ArrayList<>();
      for (JsonElement k : JsonParser.parseString(body).getAsJsonArray()) {
        keys.add(k.getAsString());
      }
      return new KeyListing(keys, index);
    } catch (IOException e) {
      throw ConsulErrors.transport(describe(), e);
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      throw malformed("key listing", e);
    }
  }

  @Override
  public long prefixIndex(String prefix) {
    // ?keys with a separator answers with the top-level names only, and its X-Consul-Index is the
    // prefix's own: the newest entry or tombstone anywhere below it (checked on 1.16.6).
    HttpResponse response = call(() -> raw().makeGetRequest(request(kvEndpoint(prefix + "/"))
        .addUrlParameter(param("keys", "")).addUrlParameter(param("separator", "/")).build()));
    if (response.getStatusCode() != 404) {
      expect(200, response);
    }
    return response.getConsulIndex() == null ? 0 : response.getConsulIndex();
  }

  @Override
  public Optional<KvValue> get(String key) {
    HttpResponse response = call(() -> raw().makeGetRequest(request(kvEndpoint(key)).build()));
    if (response.getStatusCode() == 404) {
      notFoundIsEmpty(404, response.getContent());
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
