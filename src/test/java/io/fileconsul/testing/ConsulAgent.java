package io.fileconsul.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real Consul agent on loopback with free ports, for tests. The binary comes from
 * scripts/consul.sh (which builds and caches one if needed), so no test is ever skipped for want of
 * an agent. Readiness is polled with a deadline; nothing sleeps blindly.
 */
public final class ConsulAgent implements AutoCloseable {
  private static volatile Path binary;

  private final List<String> command;
  private final Path dir;
  private final int httpPort;
  private final int serverPort;
  private Process process;

  private ConsulAgent(List<String> command, Path dir, int httpPort, int serverPort) {
    this.command = command;
    this.dir = dir;
    this.httpPort = httpPort;
    this.serverPort = serverPort;
  }

  /** What to start: a throwaway dev agent, or a server with a data dir that survives restarts. */
  public static final class Builder {
    private boolean dev = true;
    private String hcl;
    private int bootstrapExpect = 1;
    private final List<String> join = new ArrayList<>();
    private String nodeName;
    private int httpPort;

    public Builder persistent() {
      dev = false;
      return this;
    }

    /** A fixed HTTP port, for configuration that must name the agent's own address. */
    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    public Builder hcl(String hcl) {
      this.hcl = hcl;
      return this;
    }

    /** ACLs on, default deny, with {@code managementToken} as the initial management token. */
    public Builder acl(String managementToken) {
      return hcl(
          "acl { enabled = true default_policy = \"deny\" tokens { initial_management = \""
              + managementToken
              + "\" } }");
    }

    public Builder cluster(int expect, String node, List<String> joinAddrs) {
      dev = false;
      bootstrapExpect = expect;
      nodeName = node;
      join.addAll(joinAddrs);
      return this;
    }

    public ConsulAgent start() throws IOException {
      Path dir = Files.createTempDirectory("consul-agent");
      // Held open until all are chosen: a port closed and asked for again can come back twice
      // (it did: serf WAN = server port, and consul refused to start).
      int[] ports = freePorts(4);
      int http = httpPort > 0 ? httpPort : ports[0];
      int server = ports[1];
      List<String> cmd = new ArrayList<>(List.of(binary().toString(), "agent"));
      if (dev) {
        cmd.add("-dev");
      } else {
        cmd.addAll(
            List.of(
                "-server",
                "-bootstrap-expect",
                String.valueOf(bootstrapExpect),
                "-data-dir",
                dir.resolve("data").toString(),
                "-disable-host-node-id",
                "-hcl",
                "performance { raft_multiplier = 1 }"));
      }
      cmd.addAll(
          List.of(
              "-bind",
              "127.0.0.1",
              "-client",
              "127.0.0.1",
              "-http-port",
              String.valueOf(http),
              "-dns-port",
              "-1",
              "-grpc-port",
              "-1",
              "-grpc-tls-port",
              "-1",
              "-serf-lan-port",
              String.valueOf(ports[2]),
              "-serf-wan-port",
              String.valueOf(ports[3]),
              "-server-port",
              String.valueOf(server),
              "-log-level",
              "warn"));
      cmd.addAll(List.of("-node", nodeName != null ? nodeName : "node-" + http));
      for (String j : join) {
        cmd.addAll(List.of("-retry-join", j));
      }
      if (hcl != null) {
        cmd.addAll(List.of("-hcl", hcl));
      }
      ConsulAgent agent = new ConsulAgent(List.copyOf(cmd), dir, http, server);
      agent.launch();
      return agent;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A dev agent, ready to serve writes. */
  public static ConsulAgent startDev() throws IOException {
    ConsulAgent a = builder().start();
    a.awaitLeader(Duration.ofSeconds(60));
    return a;
  }

  private void launch() throws IOException {
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()))
            .start();
  }

  /**
   * Starts the same agent again (same ports and data dir) after {@link #stop()} or {@link #kill()}.
   */
  public void restart() throws IOException {
    launch();
  }

  public String address() {
    return "127.0.0.1:" + httpPort;
  }

  public String url() {
    return "http://" + address();
  }

  /** The serf LAN address ("127.0.0.1:port"), which another agent's -retry-join takes. */
  public String serfJoinAddress() {
    int i = command.indexOf("-serf-lan-port");
    return "127.0.0.1:" + command.get(i + 1);
  }

  public int serverPort() {
    return serverPort;
  }

  /** The server RPC address as {@link #leader()} reports it when this agent is the leader. */
  public String serverAddress() {
    return "127.0.0.1:" + serverPort;
  }

  public Path log() {
    return dir.resolve("agent.log");
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Polls /v1/status/leader until the cluster has a leader, or fails at the deadline. */
  public void awaitLeader(Duration timeout) {
    Poll.until(
        timeout,
        "a leader on " + address() + " (log: " + log() + ")",
        () -> {
          if (!isRunning()) {
            throw new IllegalStateException("consul exited; see " + log());
          }
          Optional<String> leader = get("/v1/status/leader");
          // A leader is named before it has applied the log a restarted server replays: until then
          // a
          // read may see an empty store (it did: a cut-off push's keys all read as absent). Consul
          // refuses ?consistent reads ("Not ready to serve consistent reads", 500) until that
          // barrier
          // is done; an answer of any kind (200, 404, or 403 under ACLs) means it is.
          return leader.isPresent()
              && leader.get().contains(":")
              && status("/v1/kv/fileconsul-test-ready?consistent") / 100 != 5;
        });
  }

  private int status(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url() + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return 503;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 503;
    }
  }

  /** The leader's server address as /v1/status/leader reports it, e.g. "127.0.0.1:8300". */
  public Optional<String> leader() {
    return get("/v1/status/leader").map(s -> s.replace("\"", "").trim()).filter(s -> !s.isEmpty());
  }

  private Optional<String> get(String path) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url() + path))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** SIGTERM and wait: a graceful leave. */
  public void stop() {
    end(false);
  }

  /** SIGKILL: the agent vanishes mid-request, as in a crash. */
  public void kill() {
    end(true);
  }

  private void end(boolean force) {
    if (process == null) {
      return;
    }
    if (force) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Kills the agent and deletes its data dir (raft logs of big test trees add up); keeps the log.
   */
  @Override
  public void close() {
    // A watch handler the agent started (a fileconsul pull) outlives a killed agent and went on
    // writing into a share directory JUnit was deleting (WatchIT, against 1.22.3).
    List<ProcessHandle> handlers = process == null ? List.of() : process.descendants().toList();
    handlers.forEach(ProcessHandle::destroyForcibly);
    kill();
    for (ProcessHandle h : handlers) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // gone or stuck: the test's own cleanup reports what is left
      }
    }
    Path data = dir.resolve("data");
    if (Files.isDirectory(data)) {
      try (var walk = Files.walk(data)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort: a leftover temp dir is not worth failing a test for
      }
    }
  }

  /**
   * The Consul version asked for with {@code -Dfileconsul.consulVersion=v1.22.3} (the version run
   * in pom.xml), or empty for scripts/consul.sh's default. A named version never falls back to
   * $CONSUL_BIN or a consul on PATH: those are the default version's.
   */
  public static Optional<String> version() {
    return Optional.ofNullable(System.getProperty("fileconsul.consulVersion"))
        .map(String::trim)
        .filter(v -> !v.isEmpty());
  }

  /** The consul binary from scripts/consul.sh, resolved once per JVM. */
  public static synchronized Path binary() throws IOException {
    if (binary != null) {
      return binary;
    }
    Path script = Path.of(System.getProperty("fileconsul.consulScript", "scripts/consul.sh"));
    ProcessBuilder pb =
        new ProcessBuilder("bash", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    version().ifPresent(v -> pb.environment().put("FILECONSUL_CONSUL_VERSION", v));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    try {
      if (p.waitFor() != 0 || out.isEmpty()) {
        throw new IOException(script + " found no consul binary (exit " + p.exitValue() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    Path found = Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    if (version().isPresent()) {
      checkVersion(found, version().get());
    }
    binary = found;
    return binary;
  }

  /** A version run against the wrong binary would compare nothing: its first line must match. */
  private static void checkVersion(Path consul, String wanted) throws IOException {
    Process p = new ProcessBuilder(consul.toString(), "version").redirectErrorStream(true).start();
    String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("");
    String v = wanted.startsWith("v") ? wanted : "v" + wanted;
    if (!first.equals("Consul " + v)) {
      throw new IOException(consul + " says '" + first + "', not Consul " + v);
    }
  }

  /** {@code n} distinct free ports. */
  /**
   * {@code n} free loopback ports, from below the range Linux gives outgoing connections (32768 and
   * up): a port from {@code new ServerSocket(0)} is in that range, and a connection can take it
   * between the choice and the agent's bind (it did, once in CI: a dev agent's HTTP port, "bind:
   * address already in use").
   */
  static int[] freePorts(int n) throws IOException {
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        for (int tries = 1; sockets[i] == null; tries++) {
          int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
          try {
            sockets[i] = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
          } catch (IOException taken) {
            if (tries == 500) {
              throw taken;
            }
          }
        }
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
