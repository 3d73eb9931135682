package io.fileconsul.sync;

/**
 * What a path looked like on both sides when it was last synced. {@code modifyIndex} is 0 when a
 * write did not report it (single PUTs do not); content comparison still decides.
 */
public record SyncRecord(String path, Content content, long modifyIndex, long mtimeNanos) {}
