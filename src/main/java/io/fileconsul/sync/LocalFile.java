package io.fileconsul.sync;

/** A regular file under basepath; {@code stamp} lets the next scan skip re-hashing it. */
public record LocalFile(String path, Content content, Stamp stamp) {
  public LocalFile(String path, Content content, long mtimeNanos) {
    this(path, content, Stamp.ofMtime(mtimeNanos));
  }

  public long mtimeNanos() {
    return stamp.mtimeNanos();
  }
}
