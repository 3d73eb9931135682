package io.fileconsul.app;

import io.fileconsul.consul.ConsulKvStore;
import io.fileconsul.store.StoreLimits;
import io.fileconsul.store.TxnOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fake store for a push of small new files: it takes transactions only (any other call fails the
 * test), keeps the keys of each in {@link #sent}, and gives each key an index from 40 up. {@code
 * beforeReads} runs once, when the push first asks for the limits to plan its batches: after the
 * scan and before any file is read (a push reads the next batch while the one before is in flight,
 * so "during the first transaction" would be after the second batch's files were read).
 */
final class TxnOnlyRemote implements RemoteWriter {
  final List<List<String>> sent = new ArrayList<>();
  private final Runnable beforeReads;
  private boolean planned;

  TxnOnlyRemote(Runnable beforeReads) {
    this.beforeReads = beforeReads;
  }

  TxnOnlyRemote() {
    this(() -> {});
  }

  @Override
  public String describe() {
    return "a fake store";
  }

  @Override
  public boolean putCas(TxnOp op) {
    throw new AssertionError("small files go in transactions");
  }

  @Override
  public Optional<Long> modifyIndex(TxnOp op) {
    throw new AssertionError("a transaction reports its indexes");
  }

  @Override
  public Map<String, Long> txn(List<TxnOp> ops) {
    sent.add(ops.stream().map(TxnOp::key).toList());
    Map<String, Long> indexes = new HashMap<>();
    ops.forEach(op -> indexes.put(op.key(), 40L + indexes.size()));
    return indexes;
  }

  @Override
  public long prefixIndex(String prefix) {
    throw new AssertionError("nothing was deleted");
  }

  @Override
  public StoreLimits limits() {
    if (!planned) {
      planned = true;
      beforeReads.run();
    }
    return ConsulKvStore.LIMITS;
  }
}
