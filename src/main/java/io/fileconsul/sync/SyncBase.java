package io.fileconsul.sync;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The last-synced record of every tracked path. {@code known} is false on a first run (or when the
 * record was lost), which changes how one-sided paths are read. {@code savedAtNanos} is when it was
 * written: a file modified in the same instant cannot be trusted by size and mtime alone.
 */
public record SyncBase(boolean known, Map<String, SyncRecord> records, long savedAtNanos) {
  public SyncBase {
    records = Map.copyOf(records);
  }

  public static SyncBase none() {
    return new SyncBase(false, Map.of(), 0);
  }

  public Optional<SyncRecord> get(String path) {
    return Optional.ofNullable(records.get(path));
  }

  /** Records sorted by path, for stable files. */
  public TreeMap<String, SyncRecord> sorted() {
    return new TreeMap<>(records);
  }
}
