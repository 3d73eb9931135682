package io.fileconsul.sync;

/**
 * What the file system says about a file besides its bytes, as git's index keeps it: an edit that
 * keeps the size and puts the mtime back still changes the ctime (which no user call can set) and,
 * when an editor writes a new file and renames it over, the inode. Zero means "not known".
 */
public record Stamp(long mtimeNanos, long ctimeNanos, long inode) {
  /** Coarse file systems store whole seconds; give them two. */
  public static final long RACY_NANOS = 2_000_000_000L;

  public static Stamp ofMtime(long mtimeNanos) {
    return new Stamp(mtimeNanos, 0, 0);
  }

  /**
   * True when both times are known and older than {@code nanos} by more than {@link #RACY_NANOS}:
   * an edit after {@code nanos} cannot leave them unchanged.
   */
  public boolean settledBefore(long nanos) {
    return ctimeNanos != 0 && mtimeNanos < nanos - RACY_NANOS && ctimeNanos < nanos - RACY_NANOS;
  }

  /** True when {@code now} may be trusted to be the same file without reading it again. */
  public boolean sameFileAs(Stamp now) {
    return mtimeNanos == now.mtimeNanos
        && (ctimeNanos == 0 || ctimeNanos == now.ctimeNanos)
        && (inode == 0 || inode == now.inode);
  }
}
