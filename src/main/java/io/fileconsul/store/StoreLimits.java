package io.fileconsul.store;

/**
 * What a backend accepts, as data, so that push plans batches and refuses oversized files before
 * writing anything, whichever store it writes to.
 *
 * @param maxValueSize the largest value one key may hold (the size guard's default)
 * @param maxOpsPerTxn the most operations one transaction may hold
 * @param maxRequestBytes the largest transaction request body
 * @param opSize how the backend encodes an operation in a request: the bytes it adds to a body
 */
public record StoreLimits(
    long maxValueSize, int maxOpsPerTxn, long maxRequestBytes, OpSize opSize) {
  /** Bytes {@code op} adds to a request body when its value is {@code valueLength} bytes long. */
  @FunctionalInterface
  public interface OpSize {
    long of(TxnOp op, long valueLength);
  }

  public StoreLimits withMaxOpsPerTxn(int ops) {
    return new StoreLimits(maxValueSize, ops, maxRequestBytes, opSize);
  }
}
