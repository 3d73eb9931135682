package io.fileconsul.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus text format) and {@code /health} (200 "ok", or 503 and one
 * line saying why) on one daemon thread, so a scrape never competes with the watch loop for more.
 */
public final class MetricsServer implements AutoCloseable {
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Binds {@code address} and serves until closed.
   *
   * @param unhealthy why the service is unhealthy, or empty when it is healthy
   */
  public static MetricsServer start(
      InetSocketAddress address, Supplier<String> metrics, Supplier<Optional<String>> unhealthy)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    server.createContext("/metrics", ex -> answer(ex, 200, TEXT_FORMAT, metrics.get(), "/metrics"));
    server.createContext(
        "/health",
        ex -> {
          Optional<String> why = unhealthy.get();
          answer(
              ex,
              why.isPresent() ? 503 : 200,
              "text/plain; charset=utf-8",
              why.orElse("ok") + "\n",
              "/health");
        });
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fileconsul-metrics");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new MetricsServer(server);
  }

  /** The address bound, with the port the system chose for port 0. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void answer(HttpExchange ex, int status, String type, String body, String path)
      throws IOException {
    try (ex) {
      // Contexts match by prefix: /metricsfoo is no endpoint of ours.
      if (!ex.getRequestURI().getPath().equals(path)) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
