package io.fileconsul.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Packs operations into transactions within a store's {@link StoreLimits}: at most its operations
 * per transaction and its request bytes. An operation too large for any transaction (for Consul a
 * value over ~384 KiB, since base64 grows it by a third) is sent alone, outside a transaction.
 */
public final class TxnBatcher {
  private TxnBatcher() {}

  /** Items sent as one transaction, or a single write that must bypass transactions. */
  public record Batch<T>(List<T> items, boolean single) {}

  /** {@code size} gives the bytes an item adds to a request body ({@link StoreLimits#opSize}). */
  public static <T> List<Batch<T>> batches(
      List<T> items, ToLongFunction<T> size, StoreLimits limits) {
    long maxBody = limits.maxRequestBytes();
    List<Batch<T>> out = new ArrayList<>();
    List<T> current = new ArrayList<>();
    long bytes = 2; // the enclosing brackets
    for (T item : items) {
      long s = size.applyAsLong(item);
      if (s + 2 > maxBody) {
        out.add(new Batch<>(List.of(item), true));
        continue;
      }
      if (current.size() == limits.maxOpsPerTxn() || bytes + s > maxBody) {
        out.add(new Batch<>(List.copyOf(current), false));
        current.clear();
        bytes = 2;
      }
      current.add(item);
      bytes += s;
    }
    if (!current.isEmpty()) {
      out.add(new Batch<>(List.copyOf(current), false));
    }
    return out;
  }
}
