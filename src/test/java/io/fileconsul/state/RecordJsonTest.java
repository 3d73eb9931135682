package io.fileconsul.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.fileconsul.state.RecordFile.FileState;
import io.fileconsul.state.RecordFile.StateFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The record's JSON: what Gson's reflection wrote and read before, byte for byte and rule by rule.
 */
class RecordJsonTest {
  /** The Gson the record was written and read with before RecordJson. */
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  @Test
  void writesWhatGsonWrote() {
    for (StateFile s : List.of(sample(), bare(), withNulls())) {
      assertEquals(GSON.toJson(s), utf8(RecordJson.bytes(s)));
    }
  }

  @Test
  void readsWhatGsonWroteIntoTheSameRecord() {
    for (StateFile s : List.of(sample(), bare(), withNulls())) {
      byte[] gson = GSON.toJson(s).getBytes(StandardCharsets.UTF_8);
      assertArrayEquals(gson, RecordJson.bytes(RecordJson.parse(gson)));
    }
  }

  @Test
  void readsAsGsonReadLenientlySkippingWhatItDoesNotKnow() {
    String odd =
        "// a hand edit\n{version: '2', store: consul, \"later\": {\"x\": [1, 2]},"
            + " \"savedAtNanos\": null, \"guardCreates\": \"TRUE\", \"remoteIndex\": \"7\","
            + " \"files\": {\"a\": {\"sha256\": \"ab\", \"size\": 3, \"mode\": 644, \"extra\": 1},"
            + " \"b\": null}}";
    StateFile viaGson = GSON.fromJson(odd, StateFile.class);
    StateFile ours = RecordJson.parse(odd.getBytes(StandardCharsets.UTF_8));
    assertEquals(GSON.toJson(viaGson), GSON.toJson(ours));
    assertEquals("644", ours.files.get("a").mode);
    assertEquals(7, ours.remoteIndex);
  }

  @Test
  void anEmptyFileOrANullIsNoRecordAsItWasWithGson() {
    for (String empty : List.of("", "  \n", "null")) {
      assertNull(GSON.fromJson(empty, StateFile.class), empty);
      assertNull(RecordJson.parse(empty.getBytes(StandardCharsets.UTF_8)), empty);
    }
  }

  @Test
  void whatGsonRefusedIsRefused() {
    for (String bad :
        List.of(
            "{\"version\": 2",
            "[1, 2]",
            "{\"version\": \"two\"}",
            "{\"files\": {\"a\": {}, \"a\": {}}}",
            "{\"files\": {\"a\": \"not an object\"}}",
            "{\"version\": 2} trailing",
            "{\"guardCreates\": 1}")) {
      assertThrows(JsonParseException.class, () -> GSON.fromJson(bad, StateFile.class), bad);
      assertThrows(
          JsonParseException.class,
          () -> RecordJson.parse(bad.getBytes(StandardCharsets.UTF_8)),
          bad);
    }
  }

  private static StateFile sample() {
    StateFile s = bare();
    s.spellings = new ArrayList<>(List.of("http://127.0.0.1:8500", "consul.service:8500"));
    s.files = new TreeMap<>();
    s.files.put("etc/a.conf", file("9f86d081884c7d65", 4, "0644", 12));
    s.files.put("bin/run \"x\" <&> é\u2028\t.sh", file("e3b0c442", 0, "0755", 13));
    return s;
  }

  private static StateFile bare() {
    StateFile s = new StateFile();
    s.version = 2;
    s.store = "consul cluster 5b1f dc dc1";
    s.spellings = new ArrayList<>();
    s.prefix = "fc";
    s.savedAtNanos = 1_764_633_600_123_456_789L;
    s.remoteIndex = 42;
    s.guardCreates = true;
    s.remoteExact = false;
    s.files = new TreeMap<>();
    return s;
  }

  private static StateFile withNulls() {
    StateFile s = new StateFile();
    s.spellings = new ArrayList<>(Arrays.asList("a", null));
    s.files = new TreeMap<>();
    s.files.put("gone", null);
    FileState f = new FileState();
    s.files.put("partial", f);
    return s;
  }

  private static FileState file(String sha, long size, String mode, long index) {
    FileState f = new FileState();
    f.sha256 = sha;
    f.size = size;
    f.mode = mode;
    f.modifyIndex = index;
    f.mtimeNanos = 1_764_633_500_000_000_001L;
    f.ctimeNanos = 1_764_633_500_000_000_002L;
    f.inode = 987654321;
    return f;
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
