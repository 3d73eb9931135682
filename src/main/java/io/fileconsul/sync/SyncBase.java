package io.fileconsul.sync;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The last-synced record of every tracked path. {@code known} is false on a first run (or when the
 * record was lost), which changes how one-sided paths are read. {@code savedAtNanos} is when it was
 * written: a file modified in the same instant cannot be trusted by size and mtime alone. {@code
 * remoteIndex} is the index of the last listing (or handler payload) the sync applied.
 */
public record SyncBase(
    boolean known, Map<String, SyncRecord> records, long savedAtNanos, long remoteIndex) {
  public SyncBase {
    records = Map.copyOf(records);
  }

  public SyncBase(boolean known, Map<String, SyncRecord> records, long savedAtNanos) {
    this(known, records, savedAtNanos, 0);
  }

  public static SyncBase none() {
    return new SyncBase(false, Map.of(), 0, 0);
  }

  /**
   * The newest remote state this directory has applied: the listing index of the last sync, or a
   * key's index written since. A handler payload older than this is not trusted.
   */
  public long syncedIndex() {
    long max = remoteIndex;
    for (SyncRecord r : records.values()) {
      max = Math.max(max, r.modifyIndex());
    }
    return max;
  }

  public Optional<SyncRecord> get(String path) {
    return Optional.ofNullable(records.get(path));
  }

  /** Records sorted by path, for stable files. */
  public TreeMap<String, SyncRecord> sorted() {
    return new TreeMap<>(records);
  }
}
