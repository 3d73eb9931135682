package io.fileconsul.app;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.fileconsul.testing.ConsulStubs.array;
import static io.fileconsul.testing.ConsulStubs.entry;
import static io.fileconsul.testing.ConsulStubs.kvRead;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.sync.PathFilter;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** status and pull --stale: listings carry ?stale, and one behind the last sync is read again. */
class StaleReadsWireMockTest extends StubbedWorkspaceTest {
  private static final Puller.Options PULL = new Puller.Options(false, false);

  @Test
  void aStalePullListsWithStaleAndNeedsNoLeader() throws Exception {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse&stale"))
            .willReturn(kvRead(array(entry("fc/a.txt", bytes("one\n"), MODE_0644, 7)), 7)));

    SyncResult r = new Puller(ws.readingStale(), Progress.NONE).pull(PathFilter.all(), PULL);

    assertEquals(1, r.applied().size());
    assertEquals("one\n", Files.readString(tempDir.resolve("a.txt")));
    consul.verify(1, getRequestedFor(urlEqualTo("/v1/kv/fc/?recurse&stale")));
  }

  @Test
  void aStaleListingOlderThanTheLastSyncIsReadAgainFromTheLeader() throws Exception {
    String current =
        array(
            entry("fc/a.txt", bytes("one\n"), MODE_0644, 9),
            entry("fc/b.txt", bytes("new\n"), MODE_0644, 10));
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvRead(current, 10)));
    assertEquals(2, new Puller(ws, Progress.NONE).pull(PathFilter.all(), PULL).applied().size());
    // a follower that has not applied index 10 yet: b.txt looks deleted there
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?keys&stale")).willReturn(kvRead("[\"fc/a.txt\"]", 9)));
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse&stale"))
            .willReturn(kvRead(array(entry("fc/a.txt", bytes("one\n"), MODE_0644, 9)), 9)));

    SyncResult r = new Puller(ws.readingStale(), Progress.NONE).pull(PathFilter.all(), PULL);

    assertEquals(true, r.outcome().ok(), r.toString()); // else: a GET of b.txt nobody stubbed
    assertEquals(0, r.applied().size(), r.toString());
    assertEquals("new\n", Files.readString(tempDir.resolve("b.txt")));
    consul.verify(2, getRequestedFor(urlEqualTo("/v1/kv/fc/?recurse")));
  }
}
