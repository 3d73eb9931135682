package io.fileconsul.cli;

import com.google.gson.JsonParseException;
import io.fileconsul.consul.ListingReader;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.Listing;
import java.io.IOException;
import java.util.Map;

/** The JSON consul watch -type=keyprefix hands its handler on stdin, with CONSUL_INDEX. */
final class WatchPayload {
  private WatchPayload() {}

  /**
   * The payload's entries; one at the ModifyIndex and size {@code known} holds for its key is the
   * value the record synced, neither decoded nor hashed (a handler run of 1,000 files hashed all 10
   * MB).
   */
  static Listing read(CliContext ctx, String prefix, Map<String, KvStore.Known> known) {
    long index = ctx.env("CONSUL_INDEX").map(WatchPayload::parseIndex).orElse(0L);
    try {
      return ListingReader.read(
          ctx.stdin(), prefix, index, ListingReader.RETAINED_VALUE_BUDGET, known);
    } catch (IOException
        | JsonParseException
        | IllegalStateException
        | IllegalArgumentException e) {
      throw new FileconsulException(
          ExitCode.USAGE,
          "stdin is not a consul watch -type=keyprefix"
              + " payload ("
              + e.getMessage()
              + "); run the handler from consul watch, or pass --no-stdin");
    }
  }

  private static long parseIndex(String s) {
    try {
      return Long.parseUnsignedLong(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
