package io.fileconsul.consul;

import com.ecwid.consul.transport.DefaultHttpTransport;
import com.ecwid.consul.transport.HttpRequest;
import com.ecwid.consul.transport.HttpResponse;
import com.ecwid.consul.transport.TransportException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.util.EntityUtils;

/**
 * The one way fileconsul talks HTTP to Consul: every request is built, counted and sent here, on
 * the one client {@link HttpClients} makes (which adds the token header and the deadline), and
 * every transport failure is mapped here. Small answers go through ecwid's transport, which reads
 * the body into a String. The listing and the key listing go to the same client directly: the
 * listing must stream (10,000 files are 113 MB of JSON), and both need the
 * X-Consul-Results-Filtered-By-ACLs header that ecwid's answer drops.
 *
 * <p>ecwid's {@code ConsulRawClient} is not used: loading it builds a default client of its own
 * (the JDK trust store, the public suffix list), a tenth of a short run's CPU. ecwid logs each
 * request's headers at FINEST; the token is added by the client's interceptor after that, so it
 * never reaches ecwid's log.
 */
final class ConsulTransport {
  /** A small answer: status, body, X-Consul-Index (0 when absent). */
  record Answer(int status, String body, long index) {}

  /** Reads a streamed answer; the response is closed after it returns. */
  interface Reader<T> {
    T read(CloseableHttpResponse response) throws IOException;
  }

  private final ConsulSettings settings;
  private final CloseableHttpClient http;
  private final DefaultHttpTransport ecwid;
  private final AtomicLong requests;
  private final boolean stale;

  ConsulTransport(ConsulSettings settings, CloseableHttpClient http) {
    this(settings, http, new AtomicLong(), false);
  }

  private ConsulTransport(
      ConsulSettings settings, CloseableHttpClient http, AtomicLong requests, boolean stale) {
    this.settings = settings;
    this.http = http;
    this.ecwid = new DefaultHttpTransport(http);
    this.requests = requests;
    this.stale = stale;
  }

  /** The same client and count, with {@code stale} on every KV read (status and pull --stale). */
  ConsulTransport staleReads() {
    return new ConsulTransport(settings, http, requests, true);
  }

  /** A read's query: with {@code stale} for a KV read of a stale view (writes never get it). */
  private String read(String path, String query) {
    if (!stale || !path.startsWith("/v1/kv/") || query.matches("(.*&)?stale(&.*)?")) {
      return query;
    }
    return query.isEmpty() ? "stale" : query + "&stale";
  }

  String describe() {
    return settings.describe();
  }

  long requestCount() {
    return requests.get();
  }

  /**
   * The URL of {@code path} with {@code query} ("a=1&b" or ""), plus what every request carries:
   * the datacenter, the namespace and the partition. Keys in {@code path} must be encoded already
   * ({@link KeyEncoding}).
   */
  String url(String path, String query) {
    StringBuilder q = new StringBuilder(query);
    settings.datacenter().ifPresent(d -> append(q, "dc=" + param(d)));
    settings.namespace().ifPresent(n -> append(q, "ns=" + param(n)));
    settings.partition().ifPresent(p -> append(q, "partition=" + param(p)));
    return settings.describe() + path + (q.length() == 0 ? "" : "?" + q);
  }

  private static void append(StringBuilder q, String param) {
    q.append(q.length() == 0 ? "" : "&").append(param);
  }

  Answer get(String path, String query) {
    return send(
        () ->
            ecwid.makeGetRequest(
                HttpRequest.Builder.newBuilder().setUrl(url(path, read(path, query))).build()));
  }

  Answer put(String path, String query, byte[] body) {
    return send(
        () ->
            ecwid.makePutRequest(
                HttpRequest.Builder.newBuilder()
                    .setUrl(url(path, query))
                    .setBinaryContent(body)
                    .build()));
  }

  /**
   * A GET whose answer {@code reader} streams, on the same client; {@code deadline} is a blocking
   * query's, null for --timeout.
   */
  <T> T stream(
      String path, String query, RequestConfig config, Duration deadline, Reader<T> reader) {
    HttpGet get = new HttpGet(url(path, read(path, query)));
    if (config != null) {
      get.setConfig(config);
    }
    requests.incrementAndGet();
    HttpClientContext context = HttpClientContext.create();
    if (deadline != null) {
      context.setAttribute(DeadlineHttpClient.DEADLINE, deadline);
    }
    try (CloseableHttpResponse response = http.execute(get, context)) {
      return reader.read(response);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** What a transport failure means to the user (also for failures inside a stream's reader). */
  io.fileconsul.core.FileconsulException failure(IOException e) {
    return ConsulErrors.transport(describe(), e);
  }

  void close() {
    try {
      http.close();
    } catch (IOException e) {
      // nothing left to do with a connection pool that fails to close
    }
  }

  static long index(Header header) {
    try {
      return header == null ? 0 : Long.parseUnsignedLong(header.getValue().trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static boolean isTrue(Header header) {
    return header != null && "true".equalsIgnoreCase(header.getValue().trim());
  }

  /** Consul sets no charset on error bodies; they are UTF-8 (keys may be non-ASCII). */
  static String text(HttpEntity entity) throws IOException {
    return entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
  }

  static String param(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private Answer send(java.util.function.Supplier<HttpResponse> request) {
    requests.incrementAndGet();
    try {
      HttpResponse r = request.get();
      return new Answer(
          r.getStatusCode(),
          r.getContent() == null ? "" : r.getContent(),
          r.getConsulIndex() == null ? 0 : r.getConsulIndex());
    } catch (TransportException e) {
      // ecwid wraps the client's IOException; the mapping needs the original
      throw failure(e.getCause() instanceof IOException io ? io : new IOException(e));
    }
  }
}
