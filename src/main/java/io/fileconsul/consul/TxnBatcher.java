package io.fileconsul.consul;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Packs operations into /v1/txn requests of at most 64 operations (the limit before Consul 1.14)
 * and 512 KiB of body (txn_max_req_len's default). An operation too large for any transaction (a
 * value over ~384 KiB, since base64 grows it by a third) is sent alone with PUT ?cas=.
 */
public final class TxnBatcher {
  public static final int MAX_OPS = 64;
  public static final long MAX_BODY_BYTES = 512 * 1024;

  private TxnBatcher() {}

  /** Items sent as one transaction, or a single write that must bypass /v1/txn. */
  public record Batch<T>(List<T> items, boolean single) {}

  /** Bytes an item adds to a /v1/txn body; see {@link #opSize}. */
  public static <T> List<Batch<T>> batches(List<T> items, ToLongFunction<T> size) {
    List<Batch<T>> out = new ArrayList<>();
    List<T> current = new ArrayList<>();
    long bytes = 2; // the enclosing brackets
    for (T item : items) {
      long s = size.applyAsLong(item);
      if (s + 2 > MAX_BODY_BYTES) {
        out.add(new Batch<>(List.of(item), true));
        continue;
      }
      if (current.size() == MAX_OPS || bytes + s > MAX_BODY_BYTES) {
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

  /**
   * Exact bytes {@code op} adds to a transaction body when its value is {@code valueLength} bytes
   * long, so batches can be planned before any file is read.
   */
  public static long opSize(TxnOp op, long valueLength) {
    return TxnJson.size(op, valueLength);
  }
}
