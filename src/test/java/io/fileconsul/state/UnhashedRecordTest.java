package io.fileconsul.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.sync.Content;
import io.fileconsul.sync.Stamp;
import io.fileconsul.sync.SyncRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No record is ever saved without a file's hash (SyncRecord refuses one), and a record file that
 * says otherwise, edited by hand or damaged, is unreadable like any other, not an internal error.
 */
class UnhashedRecordTest {
  @TempDir Path basepath;

  @Test
  void aRecordWithoutAHashCannotBeMade() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SyncRecord("a", Content.unhashed(1, 0644), 3, new Stamp(1, 2, 3)));
    assertEquals("no hash for a's record", e.getMessage());
  }

  @Test
  void aRecordFileHoldingOneIsUnreadableNotAnInternalError() throws Exception {
    StateStore state = new StateStore(basepath, "test store", "fc", "http://127.0.0.1:8500");
    Content c =
        new Content("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 4, 0644);
    state.save(Map.of("a", new SyncRecord("a", c, 3, new Stamp(1, 2, 3))), 5_000_000_000L, 3);
    Path file = state.file();
    Files.writeString(file, Files.readString(file).replace(c.sha256(), "unhashed:"));

    StateStore.Loaded loaded = state.load();

    assertTrue(loaded.warning().orElseThrow().contains("is unreadable"), loaded.warning().get());
    assertEquals(Map.of(), loaded.base().records());
  }
}
