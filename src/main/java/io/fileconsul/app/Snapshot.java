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
 * both sides. {@code wholePrefix}: no path pattern narrowed the run. {@code remoteFromRecord}: the
 * remote side was rebuilt from the record (UnchangedRemote).
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
    boolean remoteFromRecord) {
  public Snapshot {
    warnings = List.copyOf(warnings);
    leftovers = List.copyOf(leftovers);
    notManaged = List.copyOf(notManaged);
  }

  /**
   * Whether every synced key held exactly what the record now says when the listing was taken: only
   * then may a later run trust the record for the remote side (UnchangedRemote). Not after a
   * filtered run, a run that left a change unapplied, or a write (whose index is newer).
   */
  boolean remoteExact(Map<String, SyncRecord> records, long remoteIndex) {
    if (!wholePrefix() || !notManaged().isEmpty() || remoteIndex != listing().index()) {
      return false;
    }
    for (Change c : plan().changes()) {
      SyncRecord r = records.get(c.path());
      if (c.remoteEntry().isEmpty()
          ? r != null
          : r == null
              || r.modifyIndex() != c.remoteEntry().get().modifyIndex()
              || !r.content().sameAs(c.remoteEntry().get().content())) {
        return false;
      }
    }
    return records.size()
        == plan().changes().stream().filter(c -> c.remoteEntry().isPresent()).count();
  }
}
