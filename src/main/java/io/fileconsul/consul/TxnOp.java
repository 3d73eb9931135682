package io.fileconsul.consul;

/** One compare-and-set operation in a /v1/txn request. */
public record TxnOp(Verb verb, String key, byte[] value, long flags, long index) {
  /** The KV verbs fileconsul uses; both check the ModifyIndex read when the plan was made. */
  public enum Verb {
    /** Index 0 creates only if absent; otherwise updates only if unchanged. */
    CAS("cas"),
    /** Deletes only if unchanged (succeeds if already gone). */
    DELETE_CAS("delete-cas");

    final String wire;

    Verb(String wire) {
      this.wire = wire;
    }
  }

  public static TxnOp write(String key, byte[] value, long flags, long index) {
    return new TxnOp(Verb.CAS, key, value, flags, index);
  }

  public static TxnOp delete(String key, long index) {
    return new TxnOp(Verb.DELETE_CAS, key, null, 0, index);
  }
}
