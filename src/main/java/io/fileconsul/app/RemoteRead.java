package io.fileconsul.app;

import io.fileconsul.fs.IgnoreRules;
import io.fileconsul.state.StateStore;
import io.fileconsul.store.KeyListing;
import io.fileconsul.store.KvEntry;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.KvValue;
import io.fileconsul.store.Listing;
import io.fileconsul.sync.ForeignKeys;
import io.fileconsul.sync.KeyPaths;
import io.fileconsul.sync.RemoteSide;
import io.fileconsul.sync.SyncBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a run reads the remote side: from the record when a key listing shows nothing changed ({@link
 * UnchangedRemote}), else a full listing that takes unchanged values' hashes from the record; and
 * which ignore rules the listing brings.
 */
final class RemoteRead {
  private final KvStore store;
  private final String prefix;
  private final KvStore consistent;

  RemoteRead(KvStore store, String prefix) {
    this(store, prefix, store);
  }

  /**
   * Reads from {@code store}, e.g. a stale view, and again from {@code consistent} when what it
   * answered is older than what this directory already synced.
   */
  RemoteRead(KvStore store, String prefix, KvStore consistent) {
    this.store = store;
    this.prefix = prefix;
    this.consistent = consistent;
  }

  /** Every entry under the prefix, values the record vouches for neither decoded nor hashed. */
  Listing full(SyncBase base) {
    Listing l = store.list(prefix, known(prefix, base));
    if (consistent != store && l.index() < base.syncedIndex()) {
      // A server behind this directory's last sync would show keys written since as deleted,
      // and a pull would delete their files: the leader answers instead (as watch does).
      return consistent.list(prefix, known(prefix, base));
    }
    return l;
  }

  /** The listing's entries as the pure mapping takes them. */
  static List<RemoteSide.Listed> listed(Listing listing) {
    return listing.entries().stream().map(RemoteRead::listed).toList();
  }

  private static RemoteSide.Listed listed(KvEntry e) {
    return new RemoteSide.Listed(
        e.key(), e.flags(), e.session(), e.sha256(), e.size(), e.modifyIndex());
  }

  /** What the record knows of each key's value, so a full listing need not decode it again. */
  static Map<String, KvStore.Known> known(String prefix, SyncBase base) {
    Map<String, KvStore.Known> known = new HashMap<>();
    base.records()
        .forEach(
            (path, r) ->
                known.put(
                    KeyPaths.key(prefix, path),
                    new KvStore.Known(r.modifyIndex(), r.content().sha256(), r.content().size())));
    return known;
  }

  /**
   * A remote side read without the full listing: {@code rangesRead} is 0 when it is the record's
   * alone (a key listing showed nothing changed), else how many key ranges were listed.
   */
  record FromRecord(Listing listing, int rangesRead) {}

  /**
   * The remote side from the record, when a key listing shows nothing changed (UnchangedRemote), or
   * from the record and the key ranges whose index moved (ChangedRanges).
   */
  Optional<FromRecord> fromRecord(StateStore.Loaded loaded, int basepathBytes) {
    if (!loaded.remoteExact() || !loaded.base().known()) {
      return Optional.empty();
    }
    boolean walk =
        store.indexesKeyRanges()
            && store == consistent
            && ChangedRanges.mayHelp(loaded.base())
            && ChangedRanges.pays(loaded.base());
    if (ChangedRanges.writtenSince(loaded.base()) > 0 && !walk) {
      // after a push the prefix's index is the push's, never the record's: a key listing could
      // only serve the walk, and a walk would not pay
      return Optional.empty();
    }
    KeyListing keys = store.keys(prefix);
    Optional<Listing> same = UnchangedRemote.from(keys, loaded.base(), prefix, basepathBytes);
    if (same.isPresent()) {
      return Optional.of(new FromRecord(same.get(), 0));
    }
    if (!walk) {
      return Optional.empty(); // a stale view's ranges may come from servers at different indexes
    }
    return ChangedRanges.read(
            store, prefix, keys, loaded.base(), basepathBytes, known(prefix, loaded.base()))
        .map(r -> new FromRecord(r.listing(), r.rangesRead()));
  }

  /** The rules of the ignore file this run's plan keeps or installs (see IgnoreChoice). */
  IgnoreRules ignoreRules(IgnoreRules local, Listing listing, SyncBase base) {
    String key = KeyPaths.key(prefix, IgnoreRules.FILE_NAME);
    Optional<KvEntry> remote =
        listing.entries().stream()
            .filter(e -> e.key().equals(key) && !ForeignKeys.notManaged(e.flags(), e.session()))
            .findFirst();
    return IgnoreChoice.choose(
        local,
        remote.map(KvEntry::sha256),
        () ->
            IgnoreRules.parse(
                listing.value(key).or(() -> store.get(key).map(KvValue::value)).orElse(new byte[0]),
                "the key " + key),
        base);
  }
}
