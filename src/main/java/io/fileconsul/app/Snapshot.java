package io.fileconsul.app;

import io.fileconsul.store.Listing;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.Plan;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.SyncRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Both sides and the record, read once, with the plan made from them. {@code otherRecords}: there
 * is no record for this store, but there are records of this prefix for other stores. {@code
 * notManaged}: paths of keys held by a session or lock (sync.ForeignKeys), left out of the plan on
 * both sides. {@code wholePrefix}: no path pattern narrowed the run. {@code remoteRangesRead}: -1
 * when the remote side was the full listing (or given); else it was rebuilt from the record, with
 * that many key ranges listed (0: UnchangedRemote, none; more: ChangedRanges).
 */
public record Snapshot(
    Plan plan,
    Listing listing,
    SyncBase base,
    List<String> warnings,
    long takenAtNanos,
    List<Path> leftovers,
    boolean otherRecords,
    List<String> notManaged,
    boolean wholePrefix,
    int remoteRangesRead) {
  public Snapshot {
    warnings = List.copyOf(warnings);
    leftovers = List.copyOf(leftovers);
    notManaged = List.copyOf(notManaged);
  }

  /** Whether no value was read: the key listing showed nothing changed since the record. */
  public boolean remoteFromRecord() {
    return remoteRangesRead == 0;
  }

  /**
   * Whether every synced key held exactly what the record now says when the listing was taken, but
   * for the keys this run wrote ({@code updated}), which hold what it says at their newer index:
   * only then may a later run trust the record for the remote side (UnchangedRemote, and
   * ChangedRanges, which reads the ranges holding a newer index). Not after a filtered run, a run
   * that left a change unapplied, or one that deleted keys (its index is not the listing's).
   */
  boolean remoteExact(
      Map<String, SyncRecord> records, Map<String, SyncRecord> updated, long remoteIndex) {
    if (!wholePrefix() || !notManaged().isEmpty() || remoteIndex != listing().index()) {
      return false;
    }
    long vouched = 0;
    for (Change c : plan().changes()) {
      SyncRecord r = records.get(c.path());
      if (r != null && writtenSinceListing(updated, r)) {
        vouched++;
      } else if (c.remoteEntry().isEmpty()
          ? r != null
          : r == null
              || r.modifyIndex() != c.remoteEntry().get().modifyIndex()
              || !r.content().sameAs(c.remoteEntry().get().content())) {
        return false;
      } else if (r != null) {
        vouched++;
      }
    }
    return records.size() == vouched;
  }

  /**
   * This run wrote the key, and the store gave the write an index newer than the listing. Compared
   * by index and hash, not by the record's equals: that is linked at its first call through
   * ObjectMethods, 3-9 ms of a 100-file push.
   */
  private boolean writtenSinceListing(Map<String, SyncRecord> updated, SyncRecord r) {
    SyncRecord u = updated.get(r.path());
    return u != null
        && u.modifyIndex() == r.modifyIndex()
        && u.content().sha256().equals(r.content().sha256())
        && r.modifyIndex() > listing().index();
  }
}
