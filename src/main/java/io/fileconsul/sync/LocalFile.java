package io.fileconsul.sync;

/** A regular file under basepath; {@code mtimeNanos} lets the next scan skip re-hashing it. */
public record LocalFile(String path, Content content, long mtimeNanos) {}
