package io.fileconsul.fs;

import io.fileconsul.sync.ModeFlags;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Optional;
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

  /** The synced mode of a file (ModeFlags.normalize): a local 0664 is content mode 0644. */
  static int of(BasicFileAttributes attrs) {
    if (attrs instanceof PosixFileAttributes posix) {
      return ModeFlags.normalize(toInt(posix.permissions()));
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

  /** The owner of /proc/self is this process's effective user (Linux); empty elsewhere. */
  private static final Optional<UserPrincipal> ME = me();

  private static Optional<UserPrincipal> me() {
    try {
      return Optional.of(Files.getOwner(Path.of("/proc/self")));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  /**
   * The name of the directory's owner when it is neither this process's user nor root; empty when
   * it is one of those, or when the platform cannot tell.
   */
  static Optional<String> foreignOwner(SecureDirectoryStream<Path> dir) throws IOException {
    if (!POSIX || ME.isEmpty()) {
      return Optional.empty();
    }
    UserPrincipal owner =
        dir.getFileAttributeView(PosixFileAttributeView.class).readAttributes().owner();
    boolean root = "root".equals(owner.getName()) || "0".equals(owner.getName());
    return owner.equals(ME.get()) || root ? Optional.empty() : Optional.of(owner.getName());
  }

  /** Sets the mode of the directory {@code dir} itself, through its handle (fchmod). */
  static void setOwn(SecureDirectoryStream<Path> dir, int mode) throws IOException {
    if (POSIX) {
      dir.getFileAttributeView(PosixFileAttributeView.class).setPermissions(perms(mode));
    }
  }

  /** The attribute that creates a file with {@code mode} (none where there are no modes). */
  static FileAttribute<?>[] create(int mode) {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms(mode))}
        : new FileAttribute<?>[0];
  }

  /** Attributes of {@code name} in {@code dir}, not following a symlink. */
  static BasicFileAttributes read(SecureDirectoryStream<Path> dir, Path name) throws IOException {
    return POSIX
        ? dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes()
        : dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes();
  }

  /** chmod of {@code name} in {@code dir} (an openat with O_NOFOLLOW, then fchmod). */
  static void set(SecureDirectoryStream<Path> dir, Path name, int mode) throws IOException {
    if (POSIX) {
      dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setPermissions(perms(mode));
    } // else: no POSIX permissions here (Windows), the file keeps the platform default.
  }

  private static Set<PosixFilePermission> perms(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < ORDER.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(ORDER[bit]);
      }
    }
    return perms;
  }
}
