package io.fileconsul.it;

import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.testing.ConsulAgent;
import io.fileconsul.testing.EtcdKv;
import io.fileconsul.testing.EtcdMember;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcds:// with the shared TLS options: etcd requires a client certificate; the CA and the client
 * pair come from ETCDCTL_CACERT/CERT/KEY (the key is SEC1, as `consul tls` writes it, which makes
 * the certificates here).
 */
class EtcdTlsIT {
  private static Path certs;
  private static EtcdMember etcd;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
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
    etcd =
        EtcdMember.startSingleTls(
            dir.resolve("consul-agent-ca.pem"),
            dir.resolve("dc1-server-consul-0.pem"),
            dir.resolve("dc1-server-consul-0-key.pem"));
  }

  @AfterAll
  static void stop() {
    if (etcd != null) {
      etcd.close();
    }
  }

  private static Shell tls() {
    return Shell.againstEtcd("etcds://" + etcd.tlsAddress())
        .prefix("tls")
        .env("ETCDCTL_CACERT", certs.resolve("consul-agent-ca.pem").toString())
        .env("ETCDCTL_CERT", certs.resolve("dc1-client-consul-0.pem").toString())
        .env("ETCDCTL_KEY", certs.resolve("dc1-client-consul-0-key.pem").toString());
  }

  @Test
  void pushAndPullOverTlsWithAClientCertificate(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    write(a, "conf.txt", "over tls\n");
    tls().in(a).$("push").exits(0).noErr().outContains("etcds://" + etcd.tlsAddress());
    tls().in(b).$("pull").exits(0).noErr();
    assertEquals("over tls\n", Files.readString(b.resolve("conf.txt")));
    assertEquals("over tls\n", new EtcdKv(etcd.url()).get("tls/conf.txt").orElseThrow());
  }

  @Test
  void withoutTheCaTheServerIsNotTrustedAndWithoutACertTheServerRefuses(@TempDir Path tmp)
      throws Exception {
    Shell.againstEtcd("etcds://" + etcd.tlsAddress())
        .prefix("tls")
        .in(tmp)
        .$("status")
        .exits(5)
        .errContains("TLS failed");
    Shell.againstEtcd("etcds://" + etcd.tlsAddress())
        .prefix("tls")
        .env("ETCDCTL_CACERT", certs.resolve("consul-agent-ca.pem").toString())
        .in(tmp)
        .$("status")
        .exits(5)
        .errContains("error: cannot reach etcd at etcds://" + etcd.tlsAddress());
  }
}
