package io.fileconsul.store;

/**
 * One listed entry, described without holding its value. {@code session} is the session holding the
 * key, or empty.
 */
public record KvEntry(
    String key, long flags, long modifyIndex, String sha256, long size, String session) {
  public KvEntry(String key, long flags, long modifyIndex, String sha256, long size) {
    this(key, flags, modifyIndex, sha256, size, "");
  }
}
