package io.fileconsul.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real etcd member on free loopback ports, with its data dir in a temp dir: alone ({@link
 * #startSingle}) or one of a cluster ({@link EtcdCluster}). The binary comes from scripts/etcd.sh.
 */
public final class EtcdMember implements AutoCloseable {
  private static volatile Path binary;
  private final List<String> command = new java.util.ArrayList<>();
  private final Path dir;
  private final int clientPort;
  private Process process;
  private int tlsPort;

  EtcdMember(
      String name, Path dir, int clientPort, int peerPort, String initialCluster, String token)
      throws IOException {
    this.dir = dir;
    this.clientPort = clientPort;
    this.command.addAll(
        List.of(
            binary().toString(),
            "--name",
            name,
            "--data-dir",
            dir.resolve("data").toString(),
            "--listen-client-urls",
            "http://127.0.0.1:" + clientPort,
            "--advertise-client-urls",
            "http://127.0.0.1:" + clientPort,
            "--listen-peer-urls",
            "http://127.0.0.1:" + peerPort,
            "--initial-advertise-peer-urls",
            "http://127.0.0.1:" + peerPort,
            "--initial-cluster",
            initialCluster,
            "--initial-cluster-token",
            token,
            // loopback: elections in ~0.5 s instead of ~1 s, and a quiet log
            "--heartbeat-interval",
            "50",
            "--election-timeout",
            "500",
            "--log-level",
            "warn"));
  }

  /** A single-member cluster, ready to serve writes; {@code extra} are more etcd flags. */
  public static EtcdMember startSingle(String... extra) throws IOException {
    int[] ports = ConsulAgent.freePorts(2);
    Path dir = Files.createTempDirectory("etcd-member");
    EtcdMember m =
        new EtcdMember(
            "solo",
            dir,
            ports[0],
            ports[1],
            "solo=http://127.0.0.1:" + ports[1],
            "fileconsul-" + dir.getFileName());
    m.command.addAll(List.of(extra));
    m.launch();
    m.awaitReady(Duration.ofSeconds(60));
    return m;
  }

  /**
   * A single member that also serves TLS on another port, requiring a client certificate signed by
   * {@code ca}; plain http stays for the health checks and the tests' own client.
   */
  public static EtcdMember startSingleTls(Path ca, Path cert, Path key) throws IOException {
    int[] ports = ConsulAgent.freePorts(3);
    Path dir = Files.createTempDirectory("etcd-member");
    EtcdMember m =
        new EtcdMember(
            "solo",
            dir,
            ports[0],
            ports[1],
            "solo=http://127.0.0.1:" + ports[1],
            "fileconsul-" + dir.getFileName());
    int i = m.command.indexOf("--listen-client-urls");
    m.command.set(i + 1, m.url() + ",https://127.0.0.1:" + ports[2]);
    m.command.addAll(
        List.of(
            "--cert-file",
            cert.toString(),
            "--key-file",
            key.toString(),
            "--trusted-ca-file",
            ca.toString(),
            "--client-cert-auth"));
    m.tlsPort = ports[2];
    m.launch();
    m.awaitReady(Duration.ofSeconds(60));
    return m;
  }

  /** "127.0.0.1:port" of the TLS listener of {@link #startSingleTls}. */
  public String tlsAddress() {
    return "127.0.0.1:" + tlsPort;
  }

  void launch() throws IOException {
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("etcd.log").toFile()))
            .start();
  }

  /** Starts it again on the same ports and data after {@link #kill()}. */
  public void restart() throws IOException {
    launch();
  }

  /** "127.0.0.1:port", as --addr takes it. */
  public String address() {
    return "127.0.0.1:" + clientPort;
  }

  public String url() {
    return "http://" + address();
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Polls /health until the member reports a leader and serves reads. */
  public void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Poll.until(timeout, "etcd at " + address() + " to be healthy", () -> healthy(http));
  }

  boolean healthy(HttpClient http) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url() + "/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"health\":\"true\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A counter from /metrics, e.g. {@code grpc_server_started_total{grpc_method="Range"}}. */
  public long metric(String name, String labelPart) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(url() + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return body.lines()
          .filter(l -> l.startsWith(name + "{") && l.contains(labelPart))
          .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    } catch (IOException e) {
      throw new AssertionError("etcd /metrics: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGKILL, as in a crash. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public Path log() {
    return dir.resolve("etcd.log");
  }

  @Override
  public void close() {
    kill();
    try (var walk = Files.walk(dir.resolve("data"))) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover temp dir is not worth failing a test for
    }
  }

  /** The etcd binary from scripts/etcd.sh, resolved once per JVM. */
  public static synchronized Path binary() throws IOException {
    if (binary != null) {
      return binary;
    }
    Path script = Path.of(System.getProperty("fileconsul.etcdScript", "scripts/etcd.sh"));
    Process p =
        new ProcessBuilder("bash", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    try {
      if (p.waitFor() != 0 || out.isEmpty()) {
        throw new IOException(script + " found no etcd binary (exit " + p.exitValue() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    binary = Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    return binary;
  }
}
