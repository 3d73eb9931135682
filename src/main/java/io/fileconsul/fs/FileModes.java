package io.fileconsul.fs;

import io.fileconsul.sync.ModeFlags;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Permission bits as an int (0755), on file systems that have them; 0644 elsewhere. */
final class FileModes {
  private static final PosixFilePermission[] ORDER = {
    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ
  };

  private FileModes() {}

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /**
   * Attributes of a file, not following links, with permissions where the OS has them. (The
   * attributes walkFileTree hands out carry no permissions, even on Linux.)
   */
  static BasicFileAttributes read(Path file) throws IOException {
    return POSIX
        ? Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        : Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  static int of(BasicFileAttributes attrs) {
    if (attrs instanceof PosixFileAttributes posix) {
      return toInt(posix.permissions());
    }
    return ModeFlags.DEFAULT_MODE;
  }

  static int toInt(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (int bit = 0; bit < ORDER.length; bit++) {
      if (perms.contains(ORDER[bit])) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }

  static void set(Path file, int mode) throws IOException {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < ORDER.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(ORDER[bit]);
      }
    }
    try {
      Files.setPosixFilePermissions(file, perms);
    } catch (UnsupportedOperationException e) {
      // No POSIX permissions here (Windows): the file keeps the platform default.
    }
  }
}
