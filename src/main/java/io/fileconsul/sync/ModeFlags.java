package io.fileconsul.sync;

/**
 * Permission bits in a KV entry's Flags. The low 9 bits carry the mode; bits 16-31 carry the marker
 * 0x4643 ("FC"), so Flags set by other tools are never read as a mode. An unmarked entry pulls as
 * 0644. Kept below 2^32 so JavaScript tools (the Consul UI) show it exactly. Every mode, remote or
 * local, is {@link #normalize}d before it is compared or written.
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
    return (flags & ~MODE_BITS) == MARKER ? normalize((int) (flags & MODE_BITS)) : DEFAULT_MODE;
  }

  /**
   * The mode a file is synced with: owner read and write always (fileconsul must be able to read
   * and replace what it wrote, so a remote 0000 cannot lock a node out), group and other write
   * never (a key must not make a node's file, say a handler script root runs, writable by other
   * local users). The local umask plays no part, so one key gives one mode on every node.
   */
  public static int normalize(int mode) {
    return (mode | 0600) & ~0022 & 0777;
  }
}
