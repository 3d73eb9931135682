package io.fileconsul.fs;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;

/** What may stand where a pull writes or deletes a file: never a symlink, at most empty dirs. */
final class WriteTargets {
  private WriteTargets() {}

  static void refuseSymlink(String path, SecureDirectoryStream<Path> dir, Path name)
      throws IOException {
    try {
      if (FileModes.read(dir, name).isSymbolicLink()) {
        throw symlinkRefused(path);
      }
    } catch (NoSuchFileException e) {
      // Already gone.
    }
  }

  /**
   * Where a file is to be written, with one stat: a symlink is refused, and a directory holding
   * only empty directories is removed (see {@link #removeEmptyDirectory}).
   */
  static void clear(String path, SecureDirectoryStream<Path> dir, Path name) throws IOException {
    BasicFileAttributes a;
    try {
      a = FileModes.read(dir, name);
    } catch (NoSuchFileException e) {
      return; // A new file. (Whatever appears here before the rename is replaced, not followed.)
    }
    if (a.isSymbolicLink()) {
      throw symlinkRefused(path);
    }
    if (a.isDirectory()) {
      removeEmptyDirectory(dir, name);
    }
  }

  private static DirHandles.Refused symlinkRefused(String path) {
    return new DirHandles.Refused(
        "refusing " + path + ": it is a symlink, and symlinks are never followed or replaced");
  }

  /**
   * Removes a directory holding nothing but empty directories where a file is to go: what a user's
   * {@code rm} of the files below it leaves. Status says to pull the file there (an empty directory
   * is nothing to sync), so the pull must be able to; a directory holding anything else (a symlink,
   * a file) stays, and the rename fails on it.
   */
  private static void removeEmptyDirectory(SecureDirectoryStream<Path> dir, Path name)
      throws IOException {
    try {
      if (!FileModes.read(dir, name).isDirectory()) {
        return;
      }
      try (SecureDirectoryStream<Path> sub =
          dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
        for (Path child : sub) {
          removeEmptyDirectory(sub, child.getFileName());
        }
      }
      dir.deleteDirectory(name); // rmdir: fails on anything left inside, which is then kept
    } catch (NoSuchFileException | DirectoryNotEmptyException e) {
      // Nothing there, or something worth keeping: the write goes ahead and reports what it meets.
    }
  }
}
