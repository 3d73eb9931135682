package io.fileconsul.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Open handles on basepath and the directories below it down to one file's parent, each opened
 * relative to the one above without following a symlink (openat with O_NOFOLLOW). Whatever another
 * local user renames or swaps in meanwhile, an operation through these handles acts on the
 * directory that was opened, never on a symlink's target: checking a path and then using it cannot
 * be made safe against such a swap, holding the directory open can.
 */
final class DirHandles implements Closeable {
  /**
   * What a directory a pull creates gets, exactly (set through its handle, so no umask applies): as
   * for files, group and other never get write, or another local user could rename a 0755 script
   * out of it and put their own in its place.
   */
  static final int DEFAULT_DIR_MODE = 0755;

  /** Held while a directory is made (see openChild): pull writes files on several threads. */
  private static final Object CREATING = new Object();

  private final Path basepath;
  private final int newDirMode;
  private final List<SecureDirectoryStream<Path>> handles = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  private DirHandles(Path basepath, int newDirMode) {
    this.basepath = basepath;
    this.newDirMode = newDirMode;
  }

  /**
   * Opens basepath, then each of {@code dirs} below it, creating missing ones when {@code create}.
   * A missing directory without {@code create} is a NoSuchFileException; a symlink or a file in the
   * way is a {@link Refused}.
   */
  static DirHandles open(Path basepath, List<String> dirs, boolean create) throws IOException {
    return open(basepath, dirs, create, DEFAULT_DIR_MODE);
  }

  /**
   * As {@link #open(Path, List, boolean)}, creating missing directories with {@code newDirMode}.
   */
  static DirHandles open(Path basepath, List<String> dirs, boolean create, int newDirMode)
      throws IOException {
    DirHandles h = new DirHandles(basepath, newDirMode);
    try {
      h.handles.add(openRoot(basepath));
      for (String name : dirs) {
        h.handles.add(h.openChild(name, create));
        h.names.add(name);
      }
      return h;
    } catch (IOException | RuntimeException e) {
      h.close();
      throw e;
    }
  }

  /** The innermost directory: the parent of the file being worked on. */
  SecureDirectoryStream<Path> last() {
    return handles.get(handles.size() - 1);
  }

  /** Removes the innermost directories while they are empty, never basepath itself. */
  void removeEmptyDirs() throws IOException {
    for (int i = names.size() - 1; i >= 0; i--) {
      try {
        // unlinkat(AT_REMOVEDIR) relative to the parent we hold: a symlink swapped in is
        // refused (ENOTDIR), a directory swapped in is inside the share and removed only if empty.
        handles.get(i).deleteDirectory(name(names.get(i)));
      } catch (java.nio.file.DirectoryNotEmptyException | NoSuchFileException e) {
        return;
      }
    }
  }

  Path name(String name) {
    return basepath.getFileSystem().getPath(name);
  }

  /** Refuses a name that is not a plain directory entry: openat must never see an absolute path. */
  static void checkName(String name) throws IOException {
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      throw new IOException("refusing the path segment '" + name + "'");
    }
  }

  static SecureDirectoryStream<Path> openRoot(Path dir) throws IOException {
    DirectoryStream<Path> ds = Files.newDirectoryStream(dir);
    if (ds instanceof SecureDirectoryStream<Path> sds) {
      return sds;
    }
    ds.close();
    // Fail closed: without openat-style calls every write would be a check-then-act race.
    throw new IOException(
        "this platform offers no race-free directory access"
            + " (java.nio.file.SecureDirectoryStream), so fileconsul does not write into "
            + dir);
  }

  private SecureDirectoryStream<Path> openChild(String name, boolean create) throws IOException {
    checkName(name);
    SecureDirectoryStream<Path> parent = last();
    Path child = name(name);
    try {
      return parent.newDirectoryStream(child, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      if (!create) {
        throw e;
      }
    } catch (FileSystemException e) {
      throw refusal(parent, name, e);
    }
    synchronized (CREATING) {
      // renameat replaces an empty directory: a second writer of this run making the same one
      // would swap it under a handle the first already holds, and the first's file would land in
      // an unlinked directory. One creation at a time, each after a second look, prevents that.
      if (!exists(parent, child)) {
        createIn(parent, child);
      }
    }
    SecureDirectoryStream<Path> made;
    try {
      made = parent.newDirectoryStream(child, LinkOption.NOFOLLOW_LINKS);
    } catch (FileSystemException e) {
      throw refusal(parent, name, e);
    }
    try {
      FileModes.setOwn(made, newDirMode); // fchmod: the mkdir's mode went through the umask
    } catch (IOException | RuntimeException e) {
      made.close();
      throw e;
    }
    return made;
  }

  private static boolean exists(SecureDirectoryStream<Path> parent, Path child) throws IOException {
    try {
      FileModes.read(parent, child);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /**
   * There is no mkdirat in Java, and mkdir through a path would follow a symlink swapped into any
   * directory above. So the directory is made as a fresh temp entry directly in basepath (a path no
   * user of the share can redirect: only basepath's own parent could) and moved into place with
   * renameat relative to the parent handle.
   */
  private void createIn(SecureDirectoryStream<Path> parent, Path child) throws IOException {
    SecureDirectoryStream<Path> root = handles.get(0);
    Path tmp = name(AtomicWriter.tempName());
    Files.createDirectory(basepath.resolve(tmp.toString()), FileModes.create(newDirMode));
    try {
      root.move(tmp, parent, child);
    } catch (FileSystemException e) {
      // Someone made the name meanwhile (rename onto a non-empty directory or a file fails):
      // the open that follows decides whether it is usable.
      try {
        root.deleteDirectory(tmp);
      } catch (IOException ignored) {
        // Best effort: an empty temp directory in basepath is harmless and never synced.
      }
    }
  }

  private Refused refusal(SecureDirectoryStream<Path> parent, String name, IOException cause) {
    String rel = String.join("/", names) + (names.isEmpty() ? "" : "/") + name;
    String what;
    try {
      BasicFileAttributes a =
          parent
              .getFileAttributeView(
                  name(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
      what =
          a.isSymbolicLink()
              ? "is a symlink, and symlinks are never followed"
              : a.isDirectory()
                  ? "cannot be opened (" + cause.getMessage() + ")"
                  : "is not a directory";
    } catch (IOException e) {
      what = "cannot be opened (" + cause.getMessage() + ")";
    }
    return new Refused(rel + " " + what);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (int i = handles.size() - 1; i >= 0; i--) {
      try {
        handles.get(i).close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    handles.clear();
    if (first != null) {
      throw first;
    }
  }

  /** A symlink or a non-directory where a directory was needed. */
  static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }
}
