package io.fileconsul.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One compare-and-set operation in a transaction. Equal by content, as a record of a {@code byte[]}
 * is not by default; toString gives the value's length, never its bytes.
 */
public record TxnOp(Verb verb, String key, byte[] value, long flags, long index) {
  /** The verbs fileconsul uses; both check the index read when the plan was made. */
  public enum Verb {
    /** Index 0 creates only if absent; otherwise updates only if unchanged. */
    CAS,
    /** Deletes only if unchanged (succeeds if already gone). */
    DELETE_CAS
  }

  public static TxnOp write(String key, byte[] value, long flags, long index) {
    return new TxnOp(Verb.CAS, key, value, flags, index);
  }

  public static TxnOp delete(String key, long index) {
    return new TxnOp(Verb.DELETE_CAS, key, null, 0, index);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TxnOp op
        && verb == op.verb
        && Objects.equals(key, op.key)
        && Arrays.equals(value, op.value)
        && flags == op.flags
        && index == op.index;
  }

  @Override
  public int hashCode() {
    return Objects.hash(verb, key, Arrays.hashCode(value), flags, index);
  }

  @Override
  public String toString() {
    return "TxnOp["
        + verb
        + " key="
        + key
        + (value == null ? "" : ", value=" + value.length + " bytes")
        + ", flags="
        + flags
        + ", index="
        + index
        + "]";
  }
}
