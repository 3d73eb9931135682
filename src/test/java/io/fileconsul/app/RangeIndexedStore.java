package io.fileconsul.app;

import io.fileconsul.store.KeyListing;
import io.fileconsul.store.KvEntry;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.KvValue;
import io.fileconsul.store.Listing;
import io.fileconsul.store.StoreLimits;
import io.fileconsul.store.TxnOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A KV store with Consul's index rules, in memory: every write or delete takes the next index, a
 * delete leaves a tombstone, and the index of a key range is the newest entry or tombstone among
 * the keys starting with it (or the store's own index when none does), as
 * ../shared/consul-kv-reference.md records. {@link #beforeRequest} runs before each range request,
 * to write during a walk.
 */
final class RangeIndexedStore implements KvStore {
  record Entry(byte[] value, long flags, long modifyIndex) {}

  final TreeMap<String, Entry> entries = new TreeMap<>();
  final Map<String, Long> tombstones = new HashMap<>();
  Runnable beforeRequest = () -> {};
  int rangeRequests;
  private long index = 1;

  long index() {
    return index;
  }

  void put(String key, byte[] value, long flags) {
    entries.put(key, new Entry(value, flags, ++index));
    tombstones.remove(key);
  }

  void delete(String key) {
    if (entries.remove(key) != null) {
      tombstones.put(key, ++index);
    }
  }

  /** A reaped tombstone: the delete is no longer in any range's index. */
  void reap(String key) {
    tombstones.remove(key);
  }

  private long rangeIndex(String start) {
    long max = 0;
    for (var e : entries.tailMap(start).entrySet()) {
      if (!e.getKey().startsWith(start)) {
        break;
      }
      max = Math.max(max, e.getValue().modifyIndex());
    }
    for (var t : tombstones.entrySet()) {
      if (t.getKey().startsWith(start)) {
        max = Math.max(max, t.getValue());
      }
    }
    return max == 0 ? index : max;
  }

  @Override
  public boolean indexesKeyRanges() {
    return true;
  }

  /** As Consul's HTTP server: a path with an empty, "." or ".." segment is another range. */
  private static void requireCleanPath(String keyStart) {
    if (!KeyStarts.sendable(keyStart)) {
      throw new AssertionError("Consul would redirect this path elsewhere: " + keyStart);
    }
  }

  @Override
  public long indexOfKeysStartingWith(String keyStart) {
    requireCleanPath(keyStart);
    rangeRequests++;
    beforeRequest.run();
    return rangeIndex(keyStart);
  }

  @Override
  public Listing listKeysStartingWith(String prefix, String keyStart, Map<String, Known> known) {
    requireCleanPath(keyStart);
    rangeRequests++;
    beforeRequest.run();
    return listing(keyStart);
  }

  @Override
  public Listing list(String prefix) {
    return listing(prefix + "/");
  }

  private Listing listing(String start) {
    List<KvEntry> listed = new ArrayList<>();
    Map<String, byte[]> values = new HashMap<>();
    for (var e : entries.tailMap(start).entrySet()) {
      if (!e.getKey().startsWith(start)) {
        break;
      }
      Entry v = e.getValue();
      listed.add(
          new KvEntry(
              e.getKey(),
              v.flags(),
              v.modifyIndex(),
              DigestUtils.sha256Hex(v.value()),
              v.value().length));
      values.put(e.getKey(), v.value());
    }
    return new Listing(listed, values, rangeIndex(start));
  }

  @Override
  public KeyListing keys(String prefix) {
    List<String> keys = new ArrayList<>();
    for (String k : entries.tailMap(prefix + "/").keySet()) {
      if (!k.startsWith(prefix + "/")) {
        break;
      }
      keys.add(k);
    }
    return new KeyListing(keys, rangeIndex(prefix + "/"));
  }

  @Override
  public Optional<KvValue> get(String key) {
    Entry e = entries.get(key);
    return e == null
        ? Optional.empty()
        : Optional.of(new KvValue(key, e.value(), e.flags(), e.modifyIndex()));
  }

  @Override
  public Listing watch(String prefix, long index, Duration wait, boolean stale) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long prefixIndex(String prefix) {
    return rangeIndex(prefix + "/");
  }

  @Override
  public Map<String, Long> txn(List<TxnOp> ops) {
    throw new UnsupportedOperationException();
  }

  @Override
  public StoreLimits limits() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean putCas(String key, byte[] value, long flags, long cas) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String identity() {
    return "a store in memory";
  }

  @Override
  public String describe() {
    return "memory://";
  }

  @Override
  public void close() {}
}
