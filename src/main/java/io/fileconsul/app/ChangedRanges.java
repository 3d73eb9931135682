package io.fileconsul.app;

import io.fileconsul.store.KeyListing;
import io.fileconsul.store.KvEntry;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.Listing;
import io.fileconsul.sync.KeyPaths;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.SyncRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The remote side at the prefix's index now, with values read only in the key ranges whose index
 * moved since the record was exact: a pull or push of one changed file among 10,000 read the whole
 * 113 MB listing to learn which key it was. The store tells the index of any key range, the newest
 * write or delete among the keys that start with a string (Consul counts tombstones in it); a range
 * at or below the record's index is as the record says, and one above it is split by the next
 * character of its keys, down to a handful of keys, which are listed with their values.
 *
 * <p>Sound, with {@code R} the index at which the record was exact (UnchangedRemote's conditions),
 * and {@code M} the prefix's index when its key listing was taken:
 *
 * <ul>
 *   <li>A range whose index is at most {@code R} has had no write or delete since: its keys hold
 *       what the record says. A key written since has a newer index, and so has a key deleted and
 *       made again; a delete leaves a tombstone, and a delete whose tombstone was reaped shows in
 *       the key listing, which is the one taken at {@code M}.
 *   <li>Every range read is at most {@code M}, or the walk gives up: a write or delete during the
 *       walk raises the index of every range that holds its key, so each range is as it was at
 *       {@code M} and the whole is the listing at {@code M}.
 *   <li>Every listed key is a recorded path, or is read: a key the record does not vouch for (new,
 *       ignored, index 0) makes its range read whatever its index.
 *   <li>A range that cannot be split (a key that is the range's own start) is read whole.
 * </ul>
 *
 * Too many ranges (a change spread over much of the tree) is the full listing, cheaper then.
 */
final class ChangedRanges {
  /** A range this small is listed with its values instead of split further. */
  static final int LEAF_KEYS = 64;

  /** Past this many index requests or range listings, the full listing is the cheaper read. */
  static final int MAX_REQUESTS = 200;

  /** Past this many ranges read with their values, the change is spread: the full listing. */
  static final int MAX_RANGES_READ = 8;

  /**
   * Values kept from the ranges read, at most (a listing's own budget applies to each range): the
   * rest are read again when a pull needs them, as for a full listing over its budget.
   */
  static final long VALUE_BUDGET = Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 8);

  private final KvStore store;
  private final String prefix;
  private final SyncBase base;
  private final int basepathBytes;
  private final Map<String, KvStore.Known> known;
  private final long newest;
  private final List<KvEntry> entries = new ArrayList<>();
  private final Map<String, byte[]> values = new HashMap<>();
  private final int maxRequests;
  private int requests;
  private int rangesRead;
  private long retained;

  private ChangedRanges(
      KvStore store,
      String prefix,
      SyncBase base,
      int basepathBytes,
      Map<String, KvStore.Known> known,
      long newest) {
    this.store = store;
    this.prefix = prefix;
    this.base = base;
    this.basepathBytes = basepathBytes;
    this.known = known;
    this.newest = newest;
    // a range's index is a small answer; past about one per 40 keys the listing costs less
    this.maxRequests = Math.min(MAX_REQUESTS, Math.max(32, base.records().size() / 40));
  }

  /**
   * Whether a walk could beat the full listing at all: not for a prefix a single listing of a range
   * would read anyway, nor when the record already knows of more changed keys than a range holds
   * (its own writes since the listing, after a push of many files).
   */
  static boolean mayHelp(SyncBase base) {
    return base.records().size() > LEAF_KEYS && writtenSince(base) <= LEAF_KEYS;
  }

  /**
   * Below this many recorded bytes the full listing is cheaper than a walk: one listing of 100
   * files (1.7 MB) took 9-12 ms on the dev agent, where a walk's 15 or so range indexes take 30-40
   * ms from a cold JVM; 1,000 files (12.8 MB) took 80-140 ms to list.
   */
  static final long MIN_BYTES = 4L << 20;

  /**
   * Whether the values the record holds are enough that reading them all costs more than a walk.
   */
  static boolean pays(SyncBase base) {
    long bytes = 0;
    for (SyncRecord r : base.records().values()) {
      bytes += r.content().size();
    }
    return bytes >= MIN_BYTES;
  }

  /** Recorded keys written since the record's index: by the push that saved it. */
  static long writtenSince(SyncBase base) {
    return base.records().values().stream()
        .filter(r -> r.modifyIndex() > base.remoteIndex())
        .count();
  }

  /** What a walk read: the listing at the key listing's index, and how many ranges it listed. */
  record Read(Listing listing, int rangesRead, int requests) {}

  /**
   * The remote side from the record and the ranges that changed, or empty when only the full
   * listing will do. {@code keys} is the prefix's key listing; the record must be exact at its
   * {@code remoteIndex} (the caller checks), and {@code known} is what it knows of each key.
   */
  static Optional<Read> read(
      KvStore store,
      String prefix,
      KeyListing keys,
      SyncBase base,
      int basepathBytes,
      Map<String, KvStore.Known> known) {
    if (!store.indexesKeyRanges()
        || base.remoteIndex() == 0
        || keys.index() <= base.remoteIndex()
        || !mayHelp(base)) {
      return Optional.empty(); // nothing moved (UnchangedRemote's case), or the index went back
    }
    List<String> sorted = new ArrayList<>(keys.keys());
    // The prefix's own folder marker is no file, and no range but the whole prefix starts with it.
    sorted.remove(prefix + "/");
    if (sorted.size() <= LEAF_KEYS) {
      // one range, read whole, is the full listing; and only that tells an empty prefix from an
      // unreadable one
      return Optional.empty();
    }
    sorted.sort(null);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).equals(sorted.get(i - 1))) {
        return Optional.empty(); // a key listed twice is no listing to reason about
      }
    }
    ChangedRanges walk = new ChangedRanges(store, prefix, base, basepathBytes, known, keys.index());
    if (!walk.changed(prefix + "/", sorted)) {
      return Optional.empty();
    }
    return Optional.of(
        new Read(
            new Listing(walk.entries, walk.values, keys.index()), walk.rangesRead, walk.requests));
  }

  /** The range of {@code keys} (sorted, all starting with {@code start}), whose index moved. */
  private boolean changed(String start, List<String> keys) {
    boolean startIsAKey = keys.get(0).equals(start);
    if (!KeyStarts.sendable(start)) {
      // "d/." of "d/.a" and "d/.b": split, since its ranges ("d/.a") can be asked about
      return !startIsAKey && KeyStarts.onlyItsLastSegmentIsDots(start) && split(start, keys);
    }
    if (keys.size() <= LEAF_KEYS || startIsAKey) {
      return readRange(start, keys);
    }
    return split(start, keys);
  }

  /** Each group of keys with the same next character, as its own range. */
  private boolean split(String start, List<String> keys) {
    int from = 0;
    while (from < keys.size()) {
      int cp = keys.get(from).codePointAt(start.length());
      String next = start + new String(Character.toChars(cp));
      int to = from;
      while (to < keys.size() && keys.get(to).startsWith(next)) {
        to++;
      }
      List<String> group = keys.subList(from, to);
      if (!range(KeyStarts.commonStart(next, group), group)) {
        return false;
      }
      from = to;
    }
    return true;
  }

  /** A range at or below the record's index is the record's; else it is read or split. */
  private boolean range(String start, List<String> keys) {
    if (!KeyStarts.sendable(start)) {
      return changed(start, keys); // it cannot be asked about: taken as changed
    }
    if (++requests > maxRequests) {
      return false;
    }
    long index = store.indexOfKeysStartingWith(start);
    if (index > newest) {
      return false; // written since the key listing
    }
    if (index <= base.remoteIndex() && fromRecord(keys)) {
      return true;
    }
    return changed(start, keys);
  }

  /** The entries of a range as the record has them; false for a key it does not vouch for. */
  private boolean fromRecord(List<String> keys) {
    List<KvEntry> recorded = new ArrayList<>(keys.size());
    for (String key : keys) {
      KeyPaths.Mapping m = KeyPaths.map(prefix, key, basepathBytes);
      if (m instanceof KeyPaths.SyncPath p) {
        SyncRecord r = base.records().get(p.path());
        if (r == null || r.modifyIndex() == 0) {
          return false;
        }
        recorded.add(UnchangedRemote.recorded(key, r));
      } else if (m instanceof KeyPaths.Unsafe) {
        recorded.add(UnchangedRemote.warnedOnly(key));
      }
    }
    entries.addAll(recorded);
    return true;
  }

  /** Lists a range with its values; false when it is not the range the key listing showed. */
  private boolean readRange(String start, List<String> keys) {
    if (++requests > maxRequests || ++rangesRead > MAX_RANGES_READ) {
      return false;
    }
    Listing l = store.listKeysStartingWith(prefix, start, known);
    if (l.index() > newest || l.entries().size() != keys.size()) {
      return false;
    }
    HashSet<String> expected = new HashSet<>(keys);
    for (KvEntry e : l.entries()) {
      if (!expected.remove(e.key())) {
        return false;
      }
    }
    entries.addAll(l.entries());
    l.values()
        .forEach(
            (key, value) -> {
              if (retained + value.length <= VALUE_BUDGET) {
                retained += value.length;
                values.put(key, value);
              }
            });
    return true;
  }
}
