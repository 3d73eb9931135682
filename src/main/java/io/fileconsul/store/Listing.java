package io.fileconsul.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A prefix listing. Values are kept only up to a memory budget ({@code values}); the rest are
 * fetched again when needed, so a listing of a gigabyte tree never sits in memory at once.
 */
public record Listing(List<KvEntry> entries, Map<String, byte[]> values, long index) {
  public Listing {
    entries = List.copyOf(entries);
    values = Map.copyOf(values);
  }

  public Optional<byte[]> value(String key) {
    return Optional.ofNullable(values.get(key));
  }
}
