package io.fileconsul.app;

import io.fileconsul.store.Listing;
import io.fileconsul.sync.Plan;
import io.fileconsul.sync.SyncBase;
import java.nio.file.Path;
import java.util.List;

/**
 * Both sides and the record, read once, with the plan made from them. {@code otherRecords}: there
 * is no record for this store, but there are records of this prefix for other stores.
 * {@code notManaged}: paths of keys held by a session or lock (sync.ForeignKeys), left out of the
 * plan on both sides. {@code wholePrefix}: no path pattern narrowed the run.
 * {@code remoteFromRecord}: the remote side was rebuilt from the record (UnchangedRemote).
 */
public record Snapshot(
    Plan plan, Listing listing, SyncBase base, List<String> warnings, long takenAtNanos,
    List<Path> leftovers, boolean otherRecords, List<String> notManaged, boolean wholePrefix,
    boolean remoteFromRecord) {
  public Snapshot {
    warnings = List.copyOf(warnings);
    leftovers = List.copyOf(leftovers);
    notManaged = List.copyOf(notManaged);
  }
}
