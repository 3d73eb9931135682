package io.fileconsul.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.sync.Content;
import io.fileconsul.sync.Stamp;
import io.fileconsul.sync.SyncRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only run saves the record only when the save would change something: a stamp, an index, a
 * flag, or a stamp not yet settled at the time the file was saved (which a newer time settles).
 */
class RecordRefreshTest {
  private static final long NOW = 1_800_000_000_000_000_000L;
  private static final long HOUR = 3_600_000_000_000L;

  @TempDir Path share;
  private StateStore store;

  @BeforeEach
  void aSavedRecord() throws Exception {
    Files.createDirectories(share.resolve(".fileconsul"));
    new StateStore(share, "consul cluster c dc dc1", "fc", "127.0.0.1:8500")
        .save(Map.of("a.txt", record(NOW - HOUR, 7)), NOW, 9, false, true);
    store = new StateStore(share, "consul cluster c dc dc1", "fc", "127.0.0.1:8500");
    assertTrue(store.load().base().known());
  }

  @Test
  void theSameRecordIsNotSavedAgain() {
    assertTrue(store.holdsAlready(Map.of("a.txt", record(NOW - HOUR, 7)), 9, false, true));
  }

  @Test
  void anythingNewIsSaved() {
    assertFalse(store.holdsAlready(Map.of("a.txt", record(NOW - HOUR + 1, 7)), 9, false, true));
    assertFalse(store.holdsAlready(Map.of("a.txt", record(NOW - HOUR, 8)), 9, false, true));
    assertFalse(store.holdsAlready(Map.of("a.txt", record(NOW - HOUR, 7)), 10, false, true));
    assertFalse(store.holdsAlready(Map.of("a.txt", record(NOW - HOUR, 7)), 9, true, true));
    assertFalse(store.holdsAlready(Map.of("a.txt", record(NOW - HOUR, 7)), 9, false, false));
    assertFalse(store.holdsAlready(Map.of(), 9, false, true));
  }

  @Test
  void aStampNotSettledWhenTheFileWasSavedIsSavedWithANewerTime() throws Exception {
    new StateStore(share, "consul cluster c dc dc1", "fc", "127.0.0.1:8500")
        .save(Map.of("a.txt", record(NOW - 1, 7)), NOW, 9, false, true);
    assertTrue(store.load().base().known());
    assertFalse(store.holdsAlready(Map.of("a.txt", record(NOW - 1, 7)), 9, false, true));
  }

  @Test
  void anotherSpellingFirstIsSaved() {
    StateStore other = new StateStore(share, "consul cluster c dc dc1", "fc", "localhost:8500");
    assertTrue(other.load().base().known());
    assertFalse(other.holdsAlready(Map.of("a.txt", record(NOW - HOUR, 7)), 9, false, true));
  }

  @Test
  void modesAreWrittenAsFourOctalDigits() {
    assertEquals("0644", RecordFile.octal4(0644));
    assertEquals("0000", RecordFile.octal4(0));
    assertEquals("0007", RecordFile.octal4(07));
    assertEquals("4755", RecordFile.octal4(04755));
  }

  private static SyncRecord record(long time, long modifyIndex) {
    return new SyncRecord(
        "a.txt", new Content("ab".repeat(32), 3, 0644), modifyIndex, new Stamp(time, time, 42));
  }
}
