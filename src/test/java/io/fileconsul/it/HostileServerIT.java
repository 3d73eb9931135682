package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.HostileServer;
import io.fileconsul.testing.HostileServer.Behaviour;
import io.fileconsul.testing.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher against a listener no Consul would be: it must end, with exit 5, within its
 * --timeout and in a small heap. No agent: nothing here is something a real server does.
 */
class HostileServerIT {
  @TempDir Path dir;

  @Test
  void aServerTricklingAByteASecondCannotKeepARunAlivePastItsTimeout() throws Exception {
    try (HostileServer server = new HostileServer(Behaviour.TRICKLE, 1000)) {
      Launcher fileconsul = new Launcher(Map.of("CONSUL_HTTP_ADDR", server.address()));
      long start = System.nanoTime();

      Launcher.Result r = fileconsul.run(dir, Duration.ofSeconds(60), "status", "--timeout", "3s");
      long ms = (System.nanoTime() - start) / 1_000_000;

      assertEquals(5, r.exit(), r.toString());
      assertTrue(r.err().contains("timed out: no complete answer within 3000ms"), r.toString());
      assertTrue(ms < 3_000 + 5_000, "took " + ms + " ms"); // JVM start included; loaded machine
    }
  }

  @Test
  void aHugeErrorBodyIsNotReadIntoA64MbHeap() throws Exception {
    try (HostileServer server = new HostileServer(Behaviour.ENDLESS_ERROR_BODY, 0)) {
      Launcher fileconsul =
          new Launcher(Map.of("CONSUL_HTTP_ADDR", server.address(), "JAVA_OPTS", "-Xmx64m"));

      Launcher.Result r = fileconsul.run(dir, Duration.ofSeconds(60), "status");

      assertEquals(5, r.exit(), r.toString());
      assertEquals(1, r.err().lines().count(), r.toString());
      assertTrue(
          r.err()
              .startsWith(
                  "error: Consul at http://" + server.address() + " failed (HTTP" + " 500 \"xxxx"),
          r.toString());
      assertTrue(server.bytesWritten() < 16 * 1024 * 1024, server.bytesWritten() + " bytes sent");
    }
  }
}
