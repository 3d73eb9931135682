package io.fileconsul.store;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What fileconsul needs from a KV backend; the one seam between the sync logic and a store's
 * protocol. Errors arrive as {@link io.fileconsul.core.FileconsulException}s carrying their exit
 * code, or as the types of this package.
 */
public interface KvStore extends AutoCloseable {
  /** Every entry under {@code prefix + "/"} (never a sibling prefix), with hashes and sizes. */
  Listing list(String prefix);

  /** A value this run already knows: the key's index when it was synced, and its hash and size. */
  record Known(long modifyIndex, String sha256, long size) {}

  /**
   * As {@link #list(String)}; an entry whose ModifyIndex equals the one {@code known} holds for its
   * key is the same write, so its value is neither decoded nor hashed nor kept.
   */
  default Listing list(String prefix, Map<String, Known> known) {
    return list(prefix);
  }

  /**
   * A blocking query: returns once the prefix's index passes {@code index}, or after about {@code
   * wait} with the same index. {@code stale} lets any server answer.
   */
  Listing watch(String prefix, long index, Duration wait, boolean stale);

  /**
   * As {@link #watch(String, long, Duration, boolean)}; an entry whose ModifyIndex equals the one
   * {@code known} holds for its key is the same write, so its value is neither decoded nor hashed
   * nor kept, as in {@link #list(String, Map)}.
   */
  default Listing watch(
      String prefix, long index, Duration wait, boolean stale, Map<String, Known> known) {
    return watch(prefix, index, wait, stale);
  }

  Optional<KvValue> get(String key);

  /**
   * The key's ModifyIndex if it holds exactly {@code value} now; empty if it holds something else
   * or nothing (another writer came after): a push's read-back of a write that answered no index.
   */
  default Optional<Long> indexIfHolds(String key, byte[] value) {
    return get(key).filter(v -> Arrays.equals(v.value(), value)).map(KvValue::modifyIndex);
  }

  /**
   * This store with reads any server may answer (status and pull --stale), sharing its connection:
   * cheaper for the leader, but maybe behind it. A backend without the notion returns itself.
   * Closing the view closes the store.
   */
  default KvStore staleReads() {
    return this;
  }

  /**
   * Every key under {@code prefix + "/"} and the prefix's index, without values: what tells that
   * nothing changed since a sync without downloading the values again.
   */
  KeyListing keys(String prefix);

  /**
   * Whether {@link #indexOfKeysStartingWith} and {@link #listKeysStartingWith} answer: a store that
   * tells the newest write or delete among the keys starting with any string (Consul, whose index
   * of a listing counts tombstones), so a run can find what changed by asking about ever smaller
   * key ranges instead of reading every value (app/ChangedRanges).
   */
  default boolean indexesKeyRanges() {
    return false;
  }

  /**
   * The newest write or delete, by index, among the keys that start with {@code keyStart} (any
   * string, not only a folder), without their names or values.
   */
  default long indexOfKeysStartingWith(String keyStart) {
    throw new UnsupportedOperationException("no key-range index in " + describe());
  }

  /**
   * Every entry whose key starts with {@code keyStart}, which starts with {@code prefix + "/"}; as
   * {@link #list(String, Map)}, whose index this listing's is too.
   */
  default Listing listKeysStartingWith(String prefix, String keyStart, Map<String, Known> known) {
    throw new UnsupportedOperationException("no key-range listing in " + describe());
  }

  /**
   * The prefix's index now: the newest write or delete below {@code prefix + "/"}. A push that
   * deleted keys learns from it what its deletes raised (a transaction reports no index for them).
   */
  long prefixIndex(String prefix);

  /**
   * Applies the operations atomically. Returns the new ModifyIndex of every key written.
   *
   * @throws TxnRejectedException when the store rolled the transaction back
   * @throws OpsLimitExceeded when it held more operations than the store takes (none applied)
   */
  Map<String, Long> txn(List<TxnOp> ops);

  /** {@code ops} made ready for {@link #txn(EncodedTxn)}; as they are, unless a store encodes. */
  default EncodedTxn encode(List<TxnOp> ops) {
    return new EncodedTxn(ops, null, this);
  }

  /** As {@link #txn(List)}, for operations {@link #encode}d ahead. */
  default Map<String, Long> txn(EncodedTxn txn) {
    return txn(txn.ops());
  }

  /**
   * What this store accepts (value size, operations and bytes per transaction, how a value is
   * encoded), for planning batches before anything is written. May change after an {@link
   * OpsLimitExceeded}.
   */
  StoreLimits limits();

  /** Writes one value with check-and-set; false when another writer got there first. */
  boolean putCas(String key, byte[] value, long flags, long cas);

  /**
   * Names the store (cluster and datacenter) whatever address reaches it; keys the sync record. May
   * cost a request or two.
   */
  String identity();

  /** Where this store lives, for messages: scheme://host:port. */
  String describe();

  /** The store's name in messages: "Consul", "etcd". */
  default String kind() {
    return "the store";
  }

  @Override
  void close();
}
