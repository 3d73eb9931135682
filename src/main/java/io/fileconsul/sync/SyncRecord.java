package io.fileconsul.sync;

/**
 * What a path looked like on both sides when it was last synced. {@code modifyIndex} is the index
 * the server gave the key (0 only in records written before fileconsul read it back after a single
 * PUT); content comparison still decides. {@code stamp} lets the next scan skip re-hashing.
 */
public record SyncRecord(String path, Content content, long modifyIndex, Stamp stamp) {
  public SyncRecord {
    if (!content.hashed()) {
      // a record without the hash could never tell a later edit from the synced bytes
      throw new IllegalArgumentException("no hash for " + path + "'s record");
    }
  }

  public SyncRecord(String path, Content content, long modifyIndex, long mtimeNanos) {
    this(path, content, modifyIndex, Stamp.ofMtime(mtimeNanos));
  }

  public long mtimeNanos() {
    return stamp.mtimeNanos();
  }
}
