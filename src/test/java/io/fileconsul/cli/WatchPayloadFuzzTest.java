package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.store.KvEntry;
import io.fileconsul.store.Listing;
import io.fileconsul.testing.FuzzRuns;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * What a consul watch handler gets on stdin (and CONSUL_INDEX) is whatever the process that ran
 * `pull` as its handler sends: WatchPayload returns a listing of keys under the prefix or refuses
 * with a usage error (exit 2, one line saying what to do), never anything else.
 */
class WatchPayloadFuzzTest {
  private static final FuzzRuns RUNS = FuzzRuns.of("WatchPayload");

  @FuzzTest
  void aPayloadIsReadOrAUsageError(FuzzedDataProvider data) {
    RUNS.tick();
    // CONSUL_INDEX, then stdin: a seed is the index's text, a backslash and one more byte (the
    // end of a FuzzedDataProvider string), then the payload
    String index = data.consumeString(24);
    byte[] stdin = data.consumeRemainingAsBytes();
    CliContext ctx =
        new CliContext(
            Map.of("CONSUL_INDEX", index),
            new ByteArrayInputStream(stdin),
            Set.of(),
            Clock.systemUTC());
    Listing listing;
    try {
      listing = WatchPayload.read(ctx, "fileconsul", java.util.Map.of());
    } catch (FileconsulException e) {
      assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
      return;
    }
    for (KvEntry e : listing.entries()) {
      assertTrue(e.key().startsWith("fileconsul/"), e.key());
    }
    assertEquals(indexOf(index), listing.index(), "CONSUL_INDEX " + index);
  }

  /** An index that is not a number is 0: the pull then reads as if nothing was known. */
  private static long indexOf(String text) {
    try {
      return Long.parseUnsignedLong(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
