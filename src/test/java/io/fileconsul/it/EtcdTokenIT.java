package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fileconsul.testing.EtcdKv;
import io.fileconsul.testing.EtcdServer;
import io.fileconsul.testing.Launcher;
import io.fileconsul.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long watch outlives its auth token when an admin changes users or roles: etcd (JWT tokens here)
 * then refuses it as "revision of auth store is old", and the watch must log in again rather than
 * fail on every retry until it is restarted.
 */
class EtcdTokenIT {
  private static final String PASSWORD = "reader-Secret-2718";
  private static final String ROOT_PASSWORD = "r00t-Secret-31415";
  private static final Path KEYS = rsaKeys();

  @RegisterExtension
  static final EtcdServer ETCD =
      new EtcdServer(
          "--auth-token=jwt,pub-key="
              + KEYS.resolve("jwt.pub")
              + ",priv-key="
              + KEYS.resolve("jwt.key")
              + ",sign-method=RS256,ttl=10m");

  private static EtcdKv root;

  /** An RSA pair for etcd's JWT tokens, made with openssl. */
  private static Path rsaKeys() {
    try {
      Path dir = Files.createTempDirectory("etcd-jwt");
      for (String[] cmd :
          new String[][] {
            {"openssl", "genrsa", "-out", dir.resolve("jwt.key").toString(), "2048"},
            {
              "openssl",
              "rsa",
              "-in",
              dir.resolve("jwt.key").toString(),
              "-pubout",
              "-out",
              dir.resolve("jwt.pub").toString()
            }
          }) {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
          throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
      }
      return dir;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void enableAuth() {
    root = ETCD.kv().enableAuth(ROOT_PASSWORD, "reader", PASSWORD, "tok/");
    root.put("tok/first.txt", "first\n");
  }

  @Test
  void aWatchLogsInAgainWhenAnAuthChangeMadeItsTokenOld(@TempDir Path tmp) throws Exception {
    Path b = Files.createDirectories(tmp.resolve("b"));
    Launcher.Running watch =
        new Launcher(
                Map.of(
                    "FILECONSUL_BACKEND",
                    "etcd",
                    "ETCDCTL_ENDPOINTS",
                    ETCD.member().address(),
                    "ETCDCTL_USER",
                    "reader",
                    "ETCDCTL_PASSWORD",
                    PASSWORD))
            .spawn(b, "watch", "--prefix", "tok");
    try {
      Poll.until(
          Duration.ofSeconds(60), "the first pull", () -> Files.exists(b.resolve("first.txt")));
      root.addUser("another", "another-Secret-1"); // raises the auth store's revision
      // root's own token is old now too: a fresh login, as any other client would
      ETCD.kv().as("root", ROOT_PASSWORD).put("tok/after-the-change.txt", "seen\n");
      Poll.until(
          Duration.ofSeconds(30),
          "the write after the auth change",
          () -> Files.exists(b.resolve("after-the-change.txt")));
      watch.process().destroy();
      Launcher.Result r = watch.await(Duration.ofSeconds(30));
      assertEquals(0, r.exit(), r::toString);
      assertFalse(r.err().contains(PASSWORD), r::toString);
    } finally {
      watch.kill();
    }
  }
}
