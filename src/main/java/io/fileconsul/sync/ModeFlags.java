package io.fileconsul.sync;

/**
 * Permission bits in a KV entry's Flags. The low 9 bits carry the mode; bits 16-31 carry the marker
 * 0x4643 ("FC"), so Flags set by other tools are never read as a mode. An unmarked entry pulls as
 * 0644. Kept below 2^32 so JavaScript tools (the Consul UI) show it exactly.
 */
public final class ModeFlags {
  public static final long MARKER = 0x4643_0000L;
  public static final int DEFAULT_MODE = 0644;
  private static final long MODE_BITS = 0777L;

  private ModeFlags() {}

  public static long encode(int mode) {
    return MARKER | (mode & MODE_BITS);
  }

  public static int decode(long flags) {
    return (flags & ~MODE_BITS) == MARKER ? (int) (flags & MODE_BITS) : DEFAULT_MODE;
  }
}
