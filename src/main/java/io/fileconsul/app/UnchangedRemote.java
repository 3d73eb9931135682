package io.fileconsul.app;

import io.fileconsul.store.KeyListing;
import io.fileconsul.store.KvEntry;
import io.fileconsul.store.Listing;
import io.fileconsul.sync.KeyPaths;
import io.fileconsul.sync.ModeFlags;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.SyncRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The remote side rebuilt from the sync record, when a value-less key listing proves nothing under
 * the prefix changed since the last sync: the download, JSON, base64 and hashing of every value are
 * most of an in-sync status's time. Sound because:
 *
 * <ul>
 *   <li>the record says every synced key held exactly what it records at {@code remoteIndex}
 *       ({@code remoteExact}; never after a run that left a conflict, a filtered run or a push);
 *   <li>the prefix's index is that same index: any later write or delete below the prefix raises
 *       it, a delete through its tombstone, and a key deleted and made again gets a new index;
 *   <li>every listed key is a recorded path (or a folder marker, or an unsafe key that is only
 *       warned about), and every recorded path is listed: a reaped tombstone, a key hidden by ACLs,
 *       a newly un-ignored or not-managed key all break this and fall back to the full listing.
 * </ul>
 *
 * Anything else, or any doubt, is the full listing.
 */
final class UnchangedRemote {
  private UnchangedRemote() {}

  static Optional<Listing> from(KeyListing keys, SyncBase base, String prefix, int basepathBytes) {
    if (keys.index() != base.remoteIndex() || base.remoteIndex() == 0) {
      return Optional.empty();
    }
    Map<String, SyncRecord> records = base.records();
    List<KvEntry> entries = new ArrayList<>(records.size());
    Set<String> seen = new HashSet<>();
    for (String key : keys.keys()) {
      KeyPaths.Mapping m = KeyPaths.map(prefix, key, basepathBytes);
      if (m instanceof KeyPaths.SyncPath p) {
        SyncRecord r = records.get(p.path());
        if (r == null || r.modifyIndex() == 0) {
          return Optional.empty(); // a key the record does not vouch for
        }
        seen.add(p.path());
        entries.add(recorded(key, r));
      } else if (m instanceof KeyPaths.Unsafe) {
        entries.add(warnedOnly(key));
      }
    }
    if (seen.size() != records.size()) {
      return Optional.empty(); // a recorded key is gone from the listing
    }
    return Optional.of(new Listing(entries, Map.of(), keys.index()));
  }

  /** The entry of a key as its record has it, the value it synced. */
  static KvEntry recorded(String key, SyncRecord r) {
    return new KvEntry(
        key,
        ModeFlags.encode(r.content().mode()),
        r.modifyIndex(),
        r.content().sha256(),
        r.content().size());
  }

  /** An unsafe key's entry: only ever warned about, never synced, so its value does not matter. */
  static KvEntry warnedOnly(String key) {
    return new KvEntry(key, 0, 0, "", 0);
  }
}
