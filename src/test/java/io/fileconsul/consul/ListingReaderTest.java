package io.fileconsul.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParseException;
import io.fileconsul.store.KvEntry;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.Listing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;

/** The listing reader takes a synced key's hash from the record when its index is unchanged. */
class ListingReaderTest {
  // Consul's field order: Value comes before ModifyIndex.
  private static final String LISTING =
      """
      [{"LockIndex":0,"Key":"fc/same.txt","Flags":0,"Value":"c2FtZQ==","CreateIndex":5,"ModifyIndex":7},
       {"LockIndex":0,"Key":"fc/moved.txt","Flags":0,"Value":"bmV3","CreateIndex":5,"ModifyIndex":9},
       {"LockIndex":0,"Key":"fc/empty","Flags":0,"Value":null,"CreateIndex":5,"ModifyIndex":10}]
      """;

  @Test
  void anEntryAtItsRecordedIndexIsNeitherDecodedNorHashedNorKept() throws IOException {
    Map<String, KvStore.Known> known =
        Map.of(
            "fc/same.txt", new KvStore.Known(7, "recorded-hash", 4),
            "fc/moved.txt", new KvStore.Known(8, "stale-hash", 3)); // written again since: index 9

    Listing l = ListingReader.read(bytes(LISTING), "fc", 10, Long.MAX_VALUE, known);

    assertEquals(
        List.of(
            new KvEntry("fc/same.txt", 0, 7, "recorded-hash", 4),
            new KvEntry("fc/moved.txt", 0, 9, DigestUtils.sha256Hex("new"), 3),
            new KvEntry("fc/empty", 0, 10, DigestUtils.sha256Hex(new byte[0]), 0)),
        l.entries());
    assertEquals(
        java.util.Set.of("fc/moved.txt", "fc/empty"),
        l.values().keySet(),
        "the unchanged value is not kept: a run that needs it reads it again");
  }

  /**
   * The index alone is not enough: a handler takes its store's identity from the record, and a
   * cluster rebuilt behind the same address counts from index 1 again, so a value whose size is not
   * the recorded one is decoded and hashed whatever its index.
   */
  @Test
  void anEntryAtItsRecordedIndexButAnotherSizeIsDecodedAndHashed() throws IOException {
    Map<String, KvStore.Known> known = Map.of("fc/same.txt", new KvStore.Known(7, "recorded", 5));

    Listing l = ListingReader.read(bytes(LISTING), "fc", 10, Long.MAX_VALUE, known);

    assertEquals(
        new KvEntry("fc/same.txt", 0, 7, DigestUtils.sha256Hex("same"), 4), l.entries().get(0));
  }

  @Test
  void aValuesSizeComesFromItsBase64TextAlone() {
    assertEquals(0, ListingReader.decodedSize(null));
    assertEquals(0, ListingReader.decodedSize(new byte[0]));
    assertEquals(1, ListingReader.decodedSize("YQ==".getBytes()));
    assertEquals(2, ListingReader.decodedSize("YWI=".getBytes()));
    assertEquals(3, ListingReader.decodedSize("YWJj".getBytes()));
    assertEquals(4, ListingReader.decodedSize("YWJjZA==".getBytes()));
    assertEquals(
        -1, ListingReader.decodedSize("YWJ".getBytes()), "no whole base64: decoded, refused");
  }

  /**
   * Past ValueHashes.INLINE_BYTES the values are hashed on a thread beside the parse: every entry
   * still gets its own value's hash, in the listing's order, and known entries keep the record's.
   */
  @Test
  void aLargeListingsValuesHashedBesideTheParseKeepTheirOwnHashesInOrder() throws IOException {
    StringBuilder json = new StringBuilder("[");
    List<KvEntry> expected = new java.util.ArrayList<>();
    int n = 300;
    for (int i = 0; i < n; i++) {
      byte[] value = ("value " + i + " ").repeat(200 + i).getBytes(StandardCharsets.UTF_8);
      String key = "fc/d" + i % 7 + "/f" + i;
      json.append(i > 0 ? "," : "")
          .append("{\"Key\":\"")
          .append(key)
          .append("\",\"Flags\":0,\"Value\":\"")
          .append(java.util.Base64.getEncoder().encodeToString(value))
          .append("\",\"ModifyIndex\":")
          .append(100 + i)
          .append('}');
      expected.add(
          i == 5
              ? new KvEntry(key, 0, 100 + i, "recorded-hash", value.length)
              : new KvEntry(key, 0, 100 + i, DigestUtils.sha256Hex(value), value.length));
    }
    json.append(']');
    assertTrue(json.length() > 4 * ValueHashes.INLINE_BYTES, "large enough to start the thread");
    Map<String, KvStore.Known> known =
        Map.of("fc/d5/f5", new KvStore.Known(105, "recorded-hash", expected.get(5).size()));

    Listing l = ListingReader.read(bytes(json.toString()), "fc", 400, Long.MAX_VALUE, known);

    assertEquals(expected, l.entries());
  }

  @Test
  void withoutARecordEveryValueIsDecodedAndHashed() throws IOException {
    Listing l = ListingReader.read(bytes(LISTING), "fc", 10);
    assertEquals(DigestUtils.sha256Hex("same"), l.entries().get(0).sha256());
    assertEquals("same", new String(l.value("fc/same.txt").orElseThrow()));
  }

  /**
   * Found by ListingReaderFuzzTest: an object with "Key" twice made two entries for one key, and
   * the value kept for it (the first, the second being over the budget) was not the one the last
   * entry hashed, so a pull would have written one write's bytes under another's hash. Consul lists
   * each key once; a listing that does not is malformed (exit 5), not a tree to apply.
   */
  @Test
  void aKeyListedTwiceIsMalformed() {
    String twice =
        """
        [{"Key":"fc/a.txt","Flags":0,"Value":"b2xk","ModifyIndex":7},
         {"Key":"fc/b.txt","Flags":0,"Value":"bG9uZ2VyIHRoYW4gdGhlIGJ1ZGdldA==","Key":"fc/a.txt",
          "ModifyIndex":9}]
        """;
    JsonParseException e =
        assertThrows(JsonParseException.class, () -> ListingReader.read(bytes(twice), "fc", 10, 3));
    assertEquals("the key fc/a.txt is listed twice", e.getMessage());
  }

  /**
   * Found by WatchPayloadFuzzTest in CI: the key named in that error is the server's text, so a
   * "\n" in it made the error two lines on stderr (and an escape sequence could have reached the
   * terminal). It is quoted as status quotes paths.
   */
  @Test
  void aKeyListedTwiceIsNamedOnOneLine() {
    String twice = "[{\"Key\":\"fc/a\\nb\"},{\"Key\":\"fc/a\\nb\"}]";
    JsonParseException e =
        assertThrows(JsonParseException.class, () -> ListingReader.read(bytes(twice), "fc", 10));
    assertEquals("the key \"fc/a\\nb\" is listed twice", e.getMessage());
  }

  private static InputStream bytes(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }
}
