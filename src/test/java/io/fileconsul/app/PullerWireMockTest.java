package io.fileconsul.app;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.fileconsul.testing.ConsulStubs.array;
import static io.fileconsul.testing.ConsulStubs.entry;
import static io.fileconsul.testing.ConsulStubs.error;
import static io.fileconsul.testing.ConsulStubs.kvNotFound;
import static io.fileconsul.testing.ConsulStubs.kvRead;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.fileconsul.consul.ConsulKvStore;
import io.fileconsul.consul.ConsulSettings;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.PathFilter;
import io.fileconsul.sync.SyncRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * pull against a stubbed Consul: whatever fails, every file is wholly old or wholly new, no temp
 * file is left behind, and the sync record describes what is on disk.
 */
class PullerWireMockTest extends StubbedWorkspaceTest {
  private static final long MODE_0755 = 0x4643_01edL;
  private static final String FLAGS_ABOVE_LONG_MAX = "18446744073709551615";
  private static final Puller.Options PULL = new Puller.Options(false, false);

  /** Kept small and fixed: the default budget grows with the heap. */
  private static final long RETAINED_VALUE_BUDGET = 32L * 1024 * 1024;

  private Puller puller;

  @Override
  ConsulKvStore connect(ConsulSettings settings) {
    return ConsulKvStore.connect(settings, RETAINED_VALUE_BUDGET);
  }

  @BeforeEach
  void setUp() {
    puller = new Puller(ws, Progress.NONE);
  }

  @Test
  void aSmallTreeIsPulledFromTheListingAloneWithItsModes() throws IOException {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .willReturn(
                kvRead(
                    "["
                        + entry("fc/", new byte[0], 0, 3)
                        + ","
                        + entry("fc/a.txt", bytes("a"), MODE_0644, 11)
                        + ","
                        + entry("fc/bin/run.sh", bytes("#!/bin/sh\n"), MODE_0755, 12)
                        + ","
                        + entry("fc/empty", new byte[0], MODE_0644, 13)
                        + ","
                        + "{\"LockIndex\":0,\"Key\":\"fc/other-tool.txt\",\"Flags\":"
                        + FLAGS_ABOVE_LONG_MAX
                        + ",\"Value\":\"eA==\",\"CreateIndex\":14,\"ModifyIndex\":14},"
                        + entry("fc/sub/", new byte[0], 0, 15)
                        + "]",
                    15)));

    SyncResult result = puller.pull(PathFilter.all(), PULL);

    assertEquals(ExitCode.OK, result.exitCode());
    assertEquals(
        List.of(), result.warnings(), "folder markers (UI-made keys ending in /) are skipped");
    assertEquals(
        List.of("a.txt", "bin/run.sh", "empty", "other-tool.txt"),
        List.copyOf(share.hashes().keySet()));
    assertEquals(1, consul.getAllServeEvents().size(), "the listing carried every value");
    assertEquals("rw-r--r--", mode("a.txt"));
    assertEquals("rwxr-xr-x", mode("bin/run.sh"));
    assertEquals("rw-r--r--", mode("other-tool.txt"), "flags not written by fileconsul");
    assertEquals(0, Files.size(tempDir.resolve("empty")));
    assertRecordDescribesShare(
        Map.of("a.txt", 11L, "bin/run.sh", 12L, "empty", 13L, "other-tool.txt", 14L));
  }

  @Test
  void aFailedListingChangesNothing() {
    share.write("a.txt", bytes("old"));
    saveRecord(Map.of("a.txt", 5L));
    Map<String, SyncRecord> recordBefore = records();
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(error(500, "No cluster leader")));

    FileconsulException e =
        assertThrows(FileconsulException.class, () -> puller.pull(PathFilter.all(), PULL));

    assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
    assertEquals(Map.of("a.txt", sha("old")), share.hashes());
    assertEquals(recordBefore, records());
  }

  @Test
  void aFailedValueReadStopsThePullWithEveryFileWhollyOldOrNew() {
    share.write("z-last.txt", bytes("old"));
    saveRecord(Map.of("z-last.txt", 5L));
    BeyondTheBudget remote = new BeyondTheBudget();
    byte[] changedSinceListing = bytes("written by someone else after the listing");
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvRead(remote.listing(), 90)));
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/" + remote.lastBig))
            .willReturn(
                kvRead(
                    array(entry("fc/" + remote.lastBig, changedSinceListing, MODE_0644, 95)), 95)));
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/z-last.txt")).willReturn(error(500, "No cluster leader")));

    SyncResult result = puller.pull(PathFilter.all(), PULL);

    assertEquals(ExitCode.UNAVAILABLE, result.outcome().decisive().orElseThrow().exitCode());
    assertEquals(ExitCode.UNAVAILABLE, result.exitCode());
    Map<String, String> expected = new TreeMap<>(remote.hashes());
    expected.put(remote.lastBig, DigestUtils.sha256Hex(changedSinceListing));
    expected.put("z-last.txt", sha("old"));
    assertEquals(expected, share.hashes());
    Map<String, Long> indexes = new TreeMap<>(remote.indexes);
    indexes.put(remote.lastBig, 95L);
    indexes.put("z-last.txt", 5L);
    assertRecordDescribesShare(indexes);
  }

  @Test
  void aKeyDeletedBetweenTheListingAndItsReadIsLeftForTheNextPull() {
    BeyondTheBudget remote = new BeyondTheBudget();
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvRead(remote.listing(), 90)));
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/" + remote.lastBig)).willReturn(kvNotFound(91)));
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/z-last.txt"))
            .willReturn(kvRead(array(entry("fc/z-last.txt", bytes("new"), MODE_0644, 90)), 90)));

    SyncResult result = puller.pull(PathFilter.all(), PULL);

    assertEquals(ExitCode.OK, result.exitCode());
    assertTrue(
        result.warnings().stream().anyMatch(w -> w.startsWith(remote.lastBig + " was deleted")),
        result.warnings().toString());
    Map<String, String> expected = new TreeMap<>(remote.hashes());
    expected.remove(remote.lastBig);
    expected.put("z-last.txt", sha("new"));
    assertEquals(expected, share.hashes());
    Map<String, Long> indexes = new TreeMap<>(remote.indexes);
    indexes.remove(remote.lastBig);
    indexes.put("z-last.txt", 90L);
    assertRecordDescribesShare(indexes);
    assertFalse(Files.exists(tempDir.resolve(remote.lastBig)));
  }

  /**
   * A tree whose listing carries more value bytes than the store keeps: maximum-size values that
   * fill the budget exactly, one more that does not fit, and then {@code z-last.txt} (a few bytes,
   * not kept either, because the budget is already full). Only the last two need a GET.
   */
  private static final class BeyondTheBudget {
    final Map<String, byte[]> values = new TreeMap<>();
    final Map<String, Long> indexes = new TreeMap<>();
    final String lastBig;

    BeyondTheBudget() {
      int kept = (int) (RETAINED_VALUE_BUDGET / MAX_VALUE);
      Random random = new Random(kept);
      for (int i = 0; i <= kept; i++) {
        byte[] v = new byte[MAX_VALUE];
        random.nextBytes(v);
        String path = String.format("big-%03d.bin", i);
        values.put(path, v);
        indexes.put(path, 10L + i);
      }
      lastBig = String.format("big-%03d.bin", kept);
    }

    /** The listing body, with z-last.txt holding "new" at index 90. */
    String listing() {
      List<JsonObject> entries = new ArrayList<>();
      values.forEach(
          (path, v) -> entries.add(entry("fc/" + path, v, MODE_0644, indexes.get(path))));
      entries.add(entry("fc/z-last.txt", bytes("new"), MODE_0644, 90));
      return array(entries);
    }

    Map<String, String> hashes() {
      Map<String, String> out = new TreeMap<>();
      values.forEach((path, v) -> out.put(path, DigestUtils.sha256Hex(v)));
      return out;
    }
  }

  @Test
  void consulFailingMidPullStillReportsTheConflictsMetBeforeIt() throws IOException {
    share.write("c.txt", bytes("local edit"));
    share.write("gone.txt", bytes("g"));
    share.write("keep.txt", bytes("k"));
    saveRecord(Map.of("gone.txt", 5L, "keep.txt", 6L));
    // c.txt is on both sides with different content (a first-run conflict); gone.txt's key is
    // missing, and the GET that confirms a delete (not an ACL-hidden key) meets a failing agent.
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .willReturn(
                kvRead(
                    array(
                        entry("fc/c.txt", bytes("remote edit"), MODE_0644, 7),
                        entry("fc/keep.txt", bytes("k"), MODE_0644, 6)),
                    8)));
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/gone.txt")).willReturn(error(500, "No cluster leader")));

    SyncResult result = puller.pull(PathFilter.all(), PULL);

    assertEquals(ExitCode.UNAVAILABLE, result.exitCode(), "the failure that stopped it decides");
    assertEquals(List.of("c.txt"), result.conflicts().stream().map(c -> c.path()).toList());
    assertEquals(
        Map.of("c.txt", sha("local edit"), "gone.txt", sha("g"), "keep.txt", sha("k")),
        share.hashes(),
        "nothing deleted without the check");
  }

  /** Records each given path as synced at the given index with what is on disk now. */
  private void saveRecord(Map<String, Long> indexes) {
    Map<String, SyncRecord> records = new TreeMap<>();
    indexes.forEach(
        (path, index) -> {
          try {
            Path p = tempDir.resolve(path);
            byte[] b = Files.readAllBytes(p);
            records.put(
                path,
                new SyncRecord(
                    path,
                    new Content(DigestUtils.sha256Hex(b), b.length, 0644),
                    index,
                    Files.getLastModifiedTime(p).to(TimeUnit.NANOSECONDS)));
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
    state.save(records, ChronoUnit.NANOS.between(Instant.EPOCH, Instant.now()), 0);
  }

  /** The record holds exactly these paths, each at its index and with the hash now on disk. */
  private void assertRecordDescribesShare(Map<String, Long> indexes) {
    Map<String, SyncRecord> record = records();
    assertEquals(new TreeMap<>(indexes).keySet(), new TreeMap<>(record).keySet());
    Map<String, String> onDisk = share.hashes();
    indexes.forEach(
        (path, index) -> {
          assertEquals(onDisk.get(path), record.get(path).content().sha256(), path);
          assertEquals(index, record.get(path).modifyIndex(), path);
        });
  }

  private String mode(String path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(tempDir.resolve(path)));
  }

  private static String sha(String text) {
    return DigestUtils.sha256Hex(bytes(text));
  }
}
