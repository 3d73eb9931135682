package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend choice and etcd's options, refused before anything is sent (nothing listens). */
class EtcdOptionsTest {
  @TempDir Path dir;
  private Transcript shell;

  @BeforeEach
  void shell() {
    shell = new Transcript("127.0.0.1:1", dir, "usage");
  }

  @Test
  void anUnknownBackendIsAUsageError() {
    assertEquals(
        new Transcript.Result(
            2, "", "error: unknown backend 'zk'; use --backend consul or --backend etcd\n"),
        shell.run("status --backend zk"));
    assertEquals(2, shell.env("FILECONSUL_BACKEND", "zk").run("status").exit());
  }

  @Test
  void anEtcdAddressSelectsEtcdAndABadEndpointIsAUsageError() {
    assertEquals(
        new Transcript.Result(
            2, "", "error: invalid --addr: unknown scheme 'ftp' in etcd endpoint 'ftp://h:1'\n"),
        shell.run("status --backend etcd --addr etcd://127.0.0.1:1,ftp://h:1"));
    Transcript.Result r = shell.run("status --addr etcd://127.0.0.1:1");
    assertEquals(5, r.exit(), r.toString());
    assertTrue(
        r.err().startsWith("error: cannot reach etcd at etcd://<addr>: connection refused"),
        r.err());
  }

  @Test
  void aPasswordNeedsAUserAndIsNeverPrinted() {
    assertEquals(
        new Transcript.Result(
            2, "", "error: a password needs a user: give --user or ETCDCTL_USER\n"),
        shell.env("ETCDCTL_PASSWORD", "pw-9931").run("status --backend etcd"));
    Transcript.Result r = shell.run("status --addr etcd://127.0.0.1:1 --user me:pw-9931");
    assertEquals(5, r.exit(), r.toString());
    assertTrue(!r.err().contains("pw-9931") && !r.out().contains("pw-9931"), r.toString());
  }

  @Test
  void helpNamesTheEtcdOptions() {
    String text = shell.runAsTyped("push --help").out().replaceAll("\\s+", " ");
    for (String expected :
        new String[] {
          "--backend=consul|etcd",
          "FILECONSUL_BACKEND",
          "--user=NAME[:PASSWORD]",
          "--password-file=FILE",
          "ETCDCTL_ENDPOINTS"
        }) {
      assertTrue(text.contains(expected), "push --help lacks " + expected + ":\n" + text);
    }
  }
}
