package io.fileconsul.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonParseException;
import io.fileconsul.store.KvEntry;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.Listing;
import io.fileconsul.testing.FuzzRuns;
import io.fileconsul.testing.Trickle;
import java.io.IOException;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A ?recurse listing is the server's answer, untrusted: whatever its bytes, and however they
 * arrive, ListingReader returns a listing of keys under the prefix or throws what ConsulKvStore
 * turns into exit 5 (IOException, JsonParseException, IllegalArgumentException,
 * IllegalStateException). Anything else, e.g. an IndexOutOfBounds from the byte parser, would be
 * exit 70.
 */
class ListingReaderFuzzTest {
  private static final FuzzRuns RUNS = FuzzRuns.of("ListingReader");
  private static final long BUDGET = 64;
  private static final Map<String, KvStore.Known> KNOWN =
      Map.of("fileconsul/known.txt", new KvStore.Known(7, "0".repeat(64), 3));

  @FuzzTest
  void aListingIsReadOrRefused(byte[] input) {
    RUNS.tick();
    Listing listing;
    try {
      listing = ListingReader.read(Trickle.of(input), "fileconsul", 9, BUDGET, KNOWN);
    } catch (IOException
        | JsonParseException
        | IllegalArgumentException
        | IllegalStateException expected) {
      return;
    }
    long kept = 0;
    for (KvEntry e : listing.entries()) {
      assertTrue(e.key().startsWith("fileconsul/"), e.key());
      byte[] value = listing.values().get(e.key());
      if (value != null) {
        assertEquals(DigestUtils.sha256Hex(value), e.sha256(), e.key());
        assertEquals(value.length, e.size(), e.key());
        kept += value.length;
      }
    }
    assertTrue(kept <= BUDGET, "kept " + kept + " bytes of values, over the budget");
    assertEquals(9, listing.index());
  }
}
