package io.fileconsul.etcd;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.util.EntityUtils;

/**
 * Every request to etcd's JSON gateway: a POST of a JSON body to the endpoint that last answered,
 * the next one when a connection cannot be made (or the member has no leader: nothing was proposed,
 * so trying another is safe), the auth token as the {@code Authorization} header, fetched with the
 * password on the first request and again once when etcd says it expired. A request that broke
 * after it was sent is never retried: a write may have been applied.
 */
final class EtcdTransport implements AutoCloseable {
  /** A gateway answer: the HTTP status, and the JSON body (an error's code and message). */
  record Answer(int status, JsonObject body) {
    boolean ok() {
      return status == 200;
    }

    int code() {
      JsonElement c = body.get("code");
      return c == null || !c.isJsonPrimitive() ? -1 : c.getAsInt();
    }

    String message() {
      JsonElement m = body.has("message") ? body.get("message") : body.get("error");
      return m == null || !m.isJsonPrimitive() ? "" : m.getAsString();
    }
  }

  /** Reads a streamed answer (a watch); returns its result when done. */
  interface StreamReader<T> {
    T read(InputStream body) throws IOException;
  }

  private final EtcdSettings settings;
  private final CloseableHttpClient http;
  private final AtomicLong requests = new AtomicLong();
  private volatile int current;
  private volatile String token;

  EtcdTransport(EtcdSettings settings, CloseableHttpClient http) {
    this.settings = settings;
    this.http = http;
  }

  long requestCount() {
    return requests.get();
  }

  String describe() {
    return settings.describe();
  }

  /** POSTs {@code body} and returns the 200 answer's JSON; any other answer is an exception. */
  JsonObject ok(String path, JsonObject body) {
    Answer a = call(path, body);
    if (!a.ok()) {
      throw EtcdErrors.status(describe(), a.status(), a.code(), a.message());
    }
    return a.body();
  }

  Answer call(String path, JsonObject body) {
    Answer a = exchange(path, body, true);
    if (!a.ok() && tokenExpired(a) && settings.user().isPresent()) {
      token = null; // log in again, once
      a = exchange(path, body, true);
    }
    return a;
  }

  /** A streamed POST (a watch) with its own read timeout; failover as for {@link #call}. */
  <T> T stream(String path, JsonObject body, int readTimeoutMs, StreamReader<T> reader) {
    RequestConfig config =
        RequestConfig.custom()
            .setConnectTimeout((int) Math.min(settings.timeout().toMillis(), 10_000))
            .setSocketTimeout(readTimeoutMs)
            .setRedirectsEnabled(false)
            .build();
    authenticateIfNeeded();
    IOException last = null;
    int n = settings.endpoints().size();
    for (int i = 0; i < n; i++) {
      int at = (current + i) % n;
      HttpPost post = post(settings.endpoints().get(at), path, body, true);
      post.setConfig(config);
      requests.incrementAndGet();
      try (CloseableHttpResponse response = http.execute(post)) {
        current = at;
        int status = response.getStatusLine().getStatusCode();
        if (status != 200) {
          Answer a = new Answer(status, parse(EntityUtils.toString(response.getEntity())));
          throw EtcdErrors.status(describe(), status, a.code(), a.message());
        }
        try {
          return reader.read(response.getEntity().getContent());
        } finally {
          // A watch never ends by itself: drop the connection before the close would drain it.
          post.abort();
        }
      } catch (IOException e) {
        if (!EtcdErrors.notConnected(e)) {
          throw EtcdErrors.transport(describe(), e);
        }
        last = e;
      }
    }
    throw EtcdErrors.transport(describe(), last);
  }

  private Answer exchange(String path, JsonObject body, boolean withToken) {
    if (withToken) {
      authenticateIfNeeded();
    }
    IOException last = null;
    Answer noLeader = null;
    int n = settings.endpoints().size();
    for (int i = 0; i < n; i++) {
      int at = (current + i) % n;
      requests.incrementAndGet();
      try (CloseableHttpResponse response =
          http.execute(post(settings.endpoints().get(at), path, body, withToken))) {
        int status = response.getStatusLine().getStatusCode();
        String text = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
        Answer a = new Answer(status, parse(text));
        if (!a.ok() && a.message().contains("no leader")) {
          noLeader = a; // this member is cut off: another may be with the majority
          continue;
        }
        current = at;
        return a;
      } catch (IOException e) {
        if (!EtcdErrors.notConnected(e)) {
          throw EtcdErrors.transport(describe(), e);
        }
        last = e;
      }
    }
    if (noLeader != null) {
      return noLeader;
    }
    throw EtcdErrors.transport(describe(), last);
  }

  private HttpPost post(URI endpoint, String path, JsonObject body, boolean withToken) {
    HttpPost post = new HttpPost(endpoint.resolve(path));
    post.setEntity(
        new ByteArrayEntity(
            body.toString().getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
    String t = token;
    if (withToken && t != null) {
      post.setHeader("Authorization", t); // never in a URL, never printed
    }
    return post;
  }

  private void authenticateIfNeeded() {
    if (token != null || settings.user().isEmpty()) {
      return;
    }
    JsonObject login = new JsonObject();
    login.addProperty("name", settings.user().get());
    login.addProperty("password", settings.password().orElse(""));
    Answer a = exchange("/v3/auth/authenticate", login, false);
    if (!a.ok()) {
      if (a.message().contains("authentication is not enabled")) {
        return; // etcdctl would fail; the requests themselves need no token
      }
      throw EtcdErrors.status(describe(), a.status(), a.code(), a.message());
    }
    JsonElement t = a.body().get("token");
    if (t == null || !t.isJsonPrimitive() || t.getAsString().isEmpty()) {
      throw new FileconsulException(
          ExitCode.UNAVAILABLE,
          "etcd at " + describe() + " answered the login without a token; check --addr");
    }
    token = t.getAsString();
  }

  /**
   * A token etcd no longer takes: expired (a simple token lives 5 minutes unused, so a quiet watch
   * outlives it), or issued before an admin changed users or roles ("revision of auth store is
   * old", JWT tokens), as etcd's own client retries them.
   */
  private static boolean tokenExpired(Answer a) {
    return a.code() == EtcdErrors.UNAUTHENTICATED
        || a.message().contains("invalid auth token")
        || a.message().contains("revision of auth store is old");
  }

  private JsonObject parse(String text) {
    try {
      JsonElement e = JsonParser.parseString(text == null || text.isBlank() ? "{}" : text);
      if (!e.isJsonObject()) {
        throw new JsonParseException("not a JSON object");
      }
      return e.getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw EtcdErrors.malformed(describe(), "answer", e);
    }
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // closing: nothing left to do with it
    }
  }
}
