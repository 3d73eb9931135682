package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.ConsulAgent;
import io.fileconsul.testing.Launcher;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS with the PEM files `consul tls` makes: verification on by default, the CA from
 * CONSUL_CACERT, a client certificate whose key is SEC1 ("EC PRIVATE KEY"), server-name override.
 */
class TlsIT {
  private static ConsulAgent agent;
  private static Path certs;
  private static int httpsPort;

  @TempDir Path share;

  @BeforeAll
  static void startHttpsAgent(@TempDir Path dir) throws Exception {
    certs = dir;
    String consul = ConsulAgent.binary().toString();
    for (String[] cmd :
        new String[][] {
          {consul, "tls", "ca", "create"},
          {consul, "tls", "cert", "create", "-server", "-dc", "dc1"},
          {consul, "tls", "cert", "create", "-client", "-dc", "dc1"}
        }) {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      assertEquals(0, p.waitFor(), String.join(" ", cmd));
    }
    try (ServerSocket s = new ServerSocket(0)) {
      httpsPort = s.getLocalPort();
    }
    agent =
        ConsulAgent.builder()
            .hcl(
                "ports { https = "
                    + httpsPort
                    + " }"
                    + " tls { defaults { ca_file = \""
                    + pem("consul-agent-ca.pem")
                    + "\""
                    + " cert_file = \""
                    + pem("dc1-server-consul-0.pem")
                    + "\""
                    + " key_file = \""
                    + pem("dc1-server-consul-0-key.pem")
                    + "\""
                    + " verify_incoming = true } }")
            .start();
    agent.awaitLeader(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  private static String pem(String name) {
    return certs.resolve(name).toString();
  }

  private Map<String, String> tlsEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("CONSUL_HTTP_ADDR", "https://127.0.0.1:" + httpsPort);
    env.put("CONSUL_CACERT", pem("consul-agent-ca.pem"));
    env.put("CONSUL_CLIENT_CERT", pem("dc1-client-consul-0.pem"));
    env.put("CONSUL_CLIENT_KEY", pem("dc1-client-consul-0-key.pem"));
    return env;
  }

  private Launcher.Result run(Map<String, String> env, String... args) {
    return new Launcher(env).run(share, args);
  }

  @Test
  void pushAndPullOverVerifiedMutualTls() throws IOException {
    Files.writeString(share.resolve("a.txt"), "over tls\n");

    Launcher.Result push = run(tlsEnv(), "push", "--prefix", "tls");
    assertEquals(0, push.exit(), push.toString());
    Launcher.Result status = run(tlsEnv(), "status", "--porcelain", "--prefix", "tls");
    assertEquals(new Launcher.Result(0, "", ""), status);
  }

  @Test
  void anUnknownCertificateAuthorityIsRefusedByDefault() {
    Map<String, String> env = tlsEnv();
    env.remove("CONSUL_CACERT"); // the JDK's trust store does not know consul's own CA

    Launcher.Result r = run(env, "status", "--prefix", "tls");

    assertEquals(5, r.exit(), r.toString());
    assertTrue(
        r.err()
            .startsWith(
                "error: cannot reach Consul at https://127.0.0.1:" + httpsPort + ": TLS failed ("),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void verificationCanBeTurnedOffOnlyExplicitly() {
    Map<String, String> env = tlsEnv();
    env.remove("CONSUL_CACERT");
    env.put("CONSUL_HTTP_SSL_VERIFY", "false");

    assertEquals(0, run(env, "status", "--prefix", "tls-off").exit());
  }

  @Test
  void theServerNameCanBeOverriddenAndIsStillVerified() {
    Map<String, String> env = tlsEnv();
    env.put("CONSUL_TLS_SERVER_NAME", "server.dc1.consul");
    assertEquals(0, run(env, "status", "--prefix", "tls-sni").exit());

    env.put("CONSUL_TLS_SERVER_NAME", "server.dc2.consul");
    Launcher.Result wrong = run(env, "status", "--prefix", "tls-sni");
    assertEquals(5, wrong.exit(), wrong.toString());
  }

  @Test
  void withoutAClientCertificateTheAgentRefusesTheHandshake() {
    Map<String, String> env = tlsEnv();
    env.remove("CONSUL_CLIENT_CERT");
    env.remove("CONSUL_CLIENT_KEY");

    Launcher.Result r = run(env, "status", "--prefix", "tls");

    assertEquals(5, r.exit(), r.toString());
  }

  @Test
  void consulHttpSslTurnsAHostPortAddressIntoHttps() {
    Map<String, String> env = tlsEnv();
    env.put("CONSUL_HTTP_ADDR", "127.0.0.1:" + httpsPort);
    env.put("CONSUL_HTTP_SSL", "true");

    assertEquals(0, run(env, "status", "--prefix", "tls-env").exit());
  }
}
