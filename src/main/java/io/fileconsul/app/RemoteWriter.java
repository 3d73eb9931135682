package io.fileconsul.app;

import io.fileconsul.store.EncodedTxn;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.StoreLimits;
import io.fileconsul.store.TxnOp;
import io.fileconsul.store.TxnRejectedException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store calls a push makes, and no others: compare-and-set writes, one or in a transaction, and
 * the indexes that record them. What Pusher may do to the store is read off this interface.
 */
interface RemoteWriter {
  /** Where the store lives, for messages. */
  String describe();

  /** The store's name in messages: "Consul", "etcd". */
  default String kind() {
    return "the store";
  }

  /** Writes one value if its key is still at {@code op.index()}; false when another writer won. */
  boolean putCas(TxnOp op);

  /**
   * The index of the single write {@code op}, read back (a PUT answers only "true"); empty when the
   * key no longer holds what it wrote: another write came after it, whose index is no index of this
   * content.
   */
  Optional<Long> modifyIndex(TxnOp op);

  /**
   * Applies the operations atomically; the new index of every key written.
   *
   * @throws TxnRejectedException when the store rolled them back
   * @throws io.fileconsul.store.OpsLimitExceeded when they were more than the store takes
   */
  Map<String, Long> txn(List<TxnOp> ops);

  /** {@code ops} made ready to send, on the caller's thread (see {@link EncodedTxn}). */
  default EncodedTxn encode(List<TxnOp> ops) {
    return new EncodedTxn(ops, null, null);
  }

  /** As {@link #txn(List)}, for operations {@link #encode}d ahead. */
  default Map<String, Long> txn(EncodedTxn txn) {
    return txn(txn.ops());
  }

  /** The prefix's index now, which a push's deletes raised. */
  long prefixIndex(String prefix);

  /** What the store accepts, for planning batches (may shrink after an OpsLimitExceeded). */
  StoreLimits limits();

  static RemoteWriter over(KvStore store) {
    return new RemoteWriter() {
      @Override
      public String describe() {
        return store.describe();
      }

      @Override
      public String kind() {
        return store.kind();
      }

      @Override
      public boolean putCas(TxnOp op) {
        return store.putCas(op.key(), op.value(), op.flags(), op.index());
      }

      @Override
      public Optional<Long> modifyIndex(TxnOp op) {
        return store.indexIfHolds(op.key(), op.value());
      }

      @Override
      public Map<String, Long> txn(List<TxnOp> ops) {
        return store.txn(ops);
      }

      @Override
      public EncodedTxn encode(List<TxnOp> ops) {
        return store.encode(ops);
      }

      @Override
      public Map<String, Long> txn(EncodedTxn txn) {
        return store.txn(txn);
      }

      @Override
      public long prefixIndex(String prefix) {
        return store.prefixIndex(prefix);
      }

      @Override
      public StoreLimits limits() {
        return store.limits();
      }
    };
  }
}
