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
 * beforeFirst} runs as the first transaction arrives, while it is "in flight".
 */
final class TxnOnlyRemote implements RemoteWriter {
  final List<List<String>> sent = new ArrayList<>();
  private final Runnable beforeFirst;

  TxnOnlyRemote(Runnable beforeFirst) {
    this.beforeFirst = beforeFirst;
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
  public Optional<Long> modifyIndex(String key) {
    throw new AssertionError("a transaction reports its indexes");
  }

  @Override
  public Map<String, Long> txn(List<TxnOp> ops) {
    if (sent.isEmpty()) {
      beforeFirst.run();
    }
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
    return ConsulKvStore.LIMITS;
  }
}
