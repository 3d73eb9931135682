package io.fileconsul.app;

import io.fileconsul.sync.Action;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.SyncRecord;
import java.util.HashMap;
import java.util.Map;

/** What a run's record holds: the old one, refreshed where in sync, with what the run applied. */
final class RecordUpdate {
  private RecordUpdate() {}

  /**
   * {@code updated} replaces the old record path by path (null removes a path), paths in sync are
   * refreshed, and paths outside this run are kept as they were.
   */
  static Map<String, SyncRecord> records(Snapshot snapshot, Map<String, SyncRecord> updated) {
    Map<String, SyncRecord> records = new HashMap<>(snapshot.base().records());
    for (Change c : snapshot.plan().with(Action.IN_SYNC)) {
      if (c.localFile().isPresent() && c.remoteEntry().isPresent()) {
        records.put(
            c.path(),
            new SyncRecord(
                c.path(),
                c.localFile().get().content(),
                c.remoteEntry().get().modifyIndex(),
                c.localFile().get().stamp()));
      } else {
        records.remove(c.path());
      }
    }
    updated.forEach(
        (path, r) -> {
          if (r == null) {
            records.remove(path);
          } else {
            records.put(path, r);
          }
        });
    return records;
  }

  /** The guard against re-creating deleted keys lasts while local-only files it covers remain. */
  static boolean guardCreates(Snapshot snapshot, Map<String, SyncRecord> updated) {
    return snapshot.otherRecords()
        && snapshot.plan().changes().stream()
            .anyMatch(
                c ->
                    c.localFile().isPresent()
                        && c.remoteEntry().isEmpty()
                        && !updated.containsKey(c.path()));
  }
}
