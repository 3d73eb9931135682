package io.fileconsul.sync;

/** What a file holds, as far as syncing cares: its bytes (by hash and size) and permission bits. */
public record Content(String sha256, long size, int mode) {
  private static final String SPECIAL = "special:";

  /**
   * A FIFO, device or socket found where a file could be: never opened (a FIFO would block), never
   * pushed, never replaced by pull. Its "hash" names the kind, so it differs from any real content
   * and the planner sees a local change, not an absent file.
   */
  public static Content special(String kind, int mode) {
    return new Content(SPECIAL + kind, 0, mode);
  }

  public boolean special() {
    return sha256.startsWith(SPECIAL);
  }

  /** "fifo", "character device", ... for a special file. */
  public String specialKind() {
    return sha256.substring(SPECIAL.length());
  }

  public boolean sameAs(Content other) {
    return other != null && sha256.equals(other.sha256) && mode == other.mode;
  }
}
