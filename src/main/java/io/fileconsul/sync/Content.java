package io.fileconsul.sync;

/** What a file holds, as far as syncing cares: its bytes (by hash and size) and permission bits. */
public record Content(String sha256, long size, int mode) {
  private static final String SPECIAL = "special:";
  private static final String UNHASHED = "unhashed:";

  /**
   * A FIFO, device or socket found where a file could be: never opened (a FIFO would block), never
   * pushed, never replaced by pull. Its "hash" names the kind, so it differs from any real content
   * and the planner sees a local change, not an absent file.
   */
  public static Content special(String kind, int mode) {
    return new Content(SPECIAL + kind, 0, mode);
  }

  /**
   * A new file not read yet: no record entry and no key needs its hash to be planned (it can only
   * be added), so the scan leaves it to whoever reads its bytes anyway, a push's upload. It is the
   * same as no other content, not even another unhashed one.
   */
  public static Content unhashed(long size, int mode) {
    return new Content(UNHASHED, size, mode);
  }

  public boolean hashed() {
    return !sha256.equals(UNHASHED);
  }

  /** The same file, its bytes hashed: {@code sha256} is theirs. */
  public Content withHash(String sha256) {
    return new Content(sha256, size, mode);
  }

  public boolean special() {
    return sha256.startsWith(SPECIAL);
  }

  /** "fifo", "character device", ... for a special file. */
  public String specialKind() {
    return sha256.substring(SPECIAL.length());
  }

  public boolean sameAs(Content other) {
    return other != null && hashed() && sha256.equals(other.sha256) && mode == other.mode;
  }
}
