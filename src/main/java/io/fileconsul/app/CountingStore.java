package io.fileconsul.app;

import io.fileconsul.store.EncodedTxn;
import io.fileconsul.store.KeyListing;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.KvValue;
import io.fileconsul.store.Listing;
import io.fileconsul.store.StoreLimits;
import io.fileconsul.store.TxnOp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The store port, counted and timed into {@link WatchMetrics}: a decorator, so no backend adapter
 * needs to know about metrics. One call is one request for Consul's calls that matter here (a
 * listing, a blocking query, a GET); identity() may cost two and is counted once.
 */
public final class CountingStore implements KvStore {
  private final KvStore store;
  private final WatchMetrics metrics;

  public CountingStore(KvStore store, WatchMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  private <T> T timed(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    boolean ok = false;
    try {
      T t = call.get();
      ok = true;
      return t;
    } finally {
      metrics.request(operation, Duration.ofNanos(System.nanoTime() - start), ok);
    }
  }

  @Override
  public Listing list(String prefix) {
    return timed("list", () -> store.list(prefix));
  }

  @Override
  public Listing list(String prefix, Map<String, Known> known) {
    return timed("list", () -> store.list(prefix, known));
  }

  @Override
  public Listing watch(String prefix, long index, Duration wait, boolean stale) {
    return timed("watch", () -> store.watch(prefix, index, wait, stale));
  }

  @Override
  public Listing watch(
      String prefix, long index, Duration wait, boolean stale, Map<String, Known> known) {
    return timed("watch", () -> store.watch(prefix, index, wait, stale, known));
  }

  @Override
  public Optional<KvValue> get(String key) {
    return timed("get", () -> store.get(key));
  }

  @Override
  public Optional<Long> indexIfHolds(String key, byte[] value) {
    return timed("get", () -> store.indexIfHolds(key, value));
  }

  @Override
  public KvStore staleReads() {
    return new CountingStore(store.staleReads(), metrics);
  }

  @Override
  public KeyListing keys(String prefix) {
    return timed("keys", () -> store.keys(prefix));
  }

  @Override
  public boolean indexesKeyRanges() {
    return store.indexesKeyRanges();
  }

  @Override
  public long indexOfKeysStartingWith(String keyStart) {
    return timed("index", () -> store.indexOfKeysStartingWith(keyStart));
  }

  @Override
  public Listing listKeysStartingWith(String prefix, String keyStart, Map<String, Known> known) {
    return timed("list", () -> store.listKeysStartingWith(prefix, keyStart, known));
  }

  @Override
  public long prefixIndex(String prefix) {
    return timed("index", () -> store.prefixIndex(prefix));
  }

  @Override
  public Map<String, Long> txn(List<TxnOp> ops) {
    return timed("txn", () -> store.txn(ops));
  }

  @Override
  public EncodedTxn encode(List<TxnOp> ops) {
    return store.encode(ops);
  }

  @Override
  public Map<String, Long> txn(EncodedTxn txn) {
    return timed("txn", () -> store.txn(txn));
  }

  @Override
  public StoreLimits limits() {
    return store.limits();
  }

  @Override
  public boolean putCas(String key, byte[] value, long flags, long cas) {
    return timed("put", () -> store.putCas(key, value, flags, cas));
  }

  @Override
  public String identity() {
    return timed("identity", store::identity);
  }

  @Override
  public String describe() {
    return store.describe();
  }

  @Override
  public void close() {
    store.close();
  }
}
