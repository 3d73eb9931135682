package io.fileconsul.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.store.Listing;
import io.fileconsul.store.TxnOp;
import io.fileconsul.testing.ConsulStubs;
import io.fileconsul.testing.HostileServer;
import io.fileconsul.testing.HostileServer.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * --timeout is a deadline for the whole request, for every kind of request, and an error body is
 * never read whole. Against a raw socket: no stub library trickles or streams for ever.
 */
class ConsulKvStoreDeadlineTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  /** A correctness bound for a loaded machine, not a performance target. */
  private static final Duration BOUND = TIMEOUT.plusSeconds(5);

  @Test
  void everyRequestKindTimesOutAgainstAServerTricklingAByteEvery200ms() throws Exception {
    try (HostileServer server = new HostileServer(Behaviour.TRICKLE, 200);
        ConsulKvStore store = connect(server)) {
      assertTimesOut(() -> store.list("fc"), BOUND);
      assertTimesOut(() -> store.get("fc/a"), BOUND);
      assertTimesOut(() -> store.txn(List.of(TxnOp.write("fc/a", new byte[] {1}, 0, 0))), BOUND);
      assertTimesOut(() -> store.putCas("fc/a", new byte[] {1}, 0, 0), BOUND);
      // a blocking query may take its wait (and Consul's jitter of wait/16) on top
      assertTimesOut(
          () -> store.watch("fc", 5, Duration.ofSeconds(1), false), BOUND.plusSeconds(1));
      assertTrue(server.bytesWritten() > 5, "the server did trickle: " + server.bytesWritten());
    }
  }

  @Test
  void anEndlessErrorBodyIsCutShortOnBothHttpPaths() throws Exception {
    try (HostileServer server = new HostileServer(Behaviour.ENDLESS_ERROR_BODY, 0);
        ConsulKvStore store =
            ConsulKvStore.connect(
                ConsulStubs.settings(
                    "http://" + server.address(), Optional.empty(), Duration.ofSeconds(60)))) {
      for (Executable call :
          List.<Executable>of(
              () -> store.list("fc"),
              () -> store.get("fc/a"),
              () -> store.putCas("fc/a", new byte[] {1}, 0, 0))) {
        FileconsulException e =
            assertTimeoutPreemptively(
                Duration.ofSeconds(30), () -> assertThrows(FileconsulException.class, call));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 500 \"xxxx"), e.getMessage());
        assertTrue(e.getMessage().length() < 1000, "the message shows at most 300 characters");
      }
      // 1.5 GB offered three times; what got out is the cap plus socket buffers
      assertTrue(server.bytesWritten() < 3 * 16 * 1024 * 1024, server.bytesWritten() + " bytes");
    }
  }

  @Test
  void aLargeListingThatKeepsComingIsNotCutOffByTheTimeout() throws Exception {
    // 8 MiB at ~2 MiB/s: about 4 s in all against a 1 s timeout, but each MiB in ~0.5 s.
    try (HostileServer server = new HostileServer(Behaviour.STEADY_LARGE_LISTING, 0);
        ConsulKvStore store = connect(server)) {
      Listing l = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> store.list("fc"));
      assertEquals(1, l.entries().size());
      assertEquals(HostileServer.STEADY_VALUE_BYTES, l.entries().get(0).size());
    }
  }

  private static ConsulKvStore connect(HostileServer server) {
    return ConsulKvStore.connect(
        ConsulStubs.settings("http://" + server.address(), Optional.empty(), TIMEOUT));
  }

  private static void assertTimesOut(Executable call, Duration bound) {
    long start = System.nanoTime();
    FileconsulException e =
        assertTimeoutPreemptively(
            bound.plusSeconds(30), () -> assertThrows(FileconsulException.class, call));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
    assertTrue(e.getMessage().contains("timed out: no complete answer within"), e.getMessage());
    assertTrue(took.compareTo(bound) < 0, "took " + took.toMillis() + " ms");
  }
}
