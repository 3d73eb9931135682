package io.fileconsul.fs;

import io.fileconsul.sync.Content;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.Stamp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Writes and deletes files under basepath for pull. Paths were validated as keys already; here
 * every operation goes through directory handles opened from basepath down without following
 * symlinks (see DirHandles), so a pull never touches anything outside basepath, even while another
 * local user swaps a directory for a symlink, and never writes over a symlink.
 */
public final class LocalTree {
  private final Path basepath;

  /**
   * Directories whose renames and deletes await {@link #syncDirectories()} (see deferred); guarded
   * by itself, since a pull writes files on several threads.
   */
  private final Set<List<String>> unsynced = new LinkedHashSet<>();

  private boolean deferred;

  public LocalTree(Path basepath) {
    this.basepath = basepath.toAbsolutePath().normalize();
  }

  public Path basepath() {
    return basepath;
  }

  /**
   * From now on, a rename or delete is made durable only by {@link #syncDirectories()}: one fsync
   * per directory a pull touched instead of one per file. The JFR profile of an initial pull of
   * 1,000 files had a fifth of its native time in those per-file directory fsyncs. Each file is
   * still wholly old or wholly new at every moment (the rename is atomic, the file's own bytes are
   * fsynced before it); only which renames survive a power cut before the sync is open, and the
   * caller saves its record after the sync.
   */
  public void deferDirectorySyncs() {
    deferred = true;
  }

  /** Makes every deferred rename and delete durable. */
  public void syncDirectories() throws IOException {
    List<List<String>> todo;
    synchronized (unsynced) {
      todo = new ArrayList<>(unsynced);
      unsynced.clear();
    }
    Set<List<String>> done = new HashSet<>();
    while (!todo.isEmpty()) {
      List<String> segs = todo.remove(todo.size() - 1);
      if (!done.add(segs)) {
        continue;
      }
      try (DirHandles dirs = DirHandles.open(basepath, segs, false)) {
        AtomicWriter.syncDirectory(dirs.last());
      } catch (FileSystemException | DirHandles.Refused e) {
        // Removed since (emptied by a delete), or a file or symlink now: the change that took it
        // away is its parent's, so that is the directory to make durable.
        if (!segs.isEmpty()) {
          todo.add(List.copyOf(segs.subList(0, segs.size() - 1)));
        }
      }
    }
  }

  private void awaitSync(List<String> segs) {
    synchronized (unsynced) {
      unsynced.add(List.copyOf(segs.subList(0, segs.size() - 1)));
    }
  }

  /** Writes atomically and returns what is now on disk. Safe to call from several threads. */
  public LocalFile write(String path, byte[] data, int mode) throws IOException {
    return write(path, data, mode, null);
  }

  /**
   * As {@link #write(String, byte[], int)}; {@code sha256}, when known, is the data's hash (a
   * listing's value already hashed), so it is not computed again: under the C1-only JIT SHA-256
   * runs at about 150 MB/s.
   */
  public LocalFile write(String path, byte[] data, int mode, String sha256) throws IOException {
    List<String> segs = segments(path);
    try (DirHandles dirs = open(path, segs, true)) {
      SecureDirectoryStream<Path> dir = dirs.last();
      Path name = dirs.name(last(segs));
      clearTarget(path, dir, name);
      AtomicWriter.write(dir, name, data, mode, !deferred);
      if (deferred) {
        awaitSync(segs);
      }
      BasicFileAttributes attrs = FileModes.read(dir, name);
      String sha = sha256 != null ? sha256 : DigestUtils.sha256Hex(data);
      return new LocalFile(path, new Content(sha, data.length, FileModes.of(attrs)), stamp(path));
    }
  }

  /** A file's bytes and its stamp taken after they were read. */
  public record Read(byte[] bytes, Stamp stampAfter) {}

  /** Reads the file, then stats it: a stamp equal to an earlier one means nothing changed since. */
  public Read readStamped(String path) throws IOException {
    byte[] bytes = read(path);
    return new Read(bytes, stamp(path));
  }

  public byte[] read(String path) throws IOException {
    List<String> segs = segments(path);
    try (DirHandles dirs = open(path, segs, false);
        SeekableByteChannel ch =
            dirs.last()
                .newByteChannel(
                    dirs.name(last(segs)),
                    Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        InputStream in = Channels.newInputStream(ch)) {
      return in.readAllBytes();
    }
  }

  /** Deletes the file, then every directory the delete left empty, up to basepath. */
  public void delete(String path) throws IOException {
    List<String> segs = segments(path);
    try (DirHandles dirs = open(path, segs, false)) {
      SecureDirectoryStream<Path> dir = dirs.last();
      Path name = dirs.name(last(segs));
      refuseSymlink(path, dir, name);
      try {
        dir.deleteFile(name); // unlinkat in the directory we hold open
      } catch (NoSuchFileException e) {
        return;
      }
      if (deferred) {
        awaitSync(segs);
      } else {
        AtomicWriter.syncDirectory(dir);
      }
      dirs.removeEmptyDirs();
    } catch (NoSuchFileException e) {
      // A parent directory is already gone, and the file with it.
    }
  }

  /**
   * Removes a killed run's temp file found by the scan, or the empty temp directory a run killed
   * between its mkdir and its rename left in basepath; refuses anything else.
   */
  public void removeLeftover(Path leftover) throws IOException {
    Path abs = basepath.resolve(leftover).normalize();
    if (!abs.startsWith(basepath)
        || abs.equals(basepath)
        || !AtomicWriter.isTempName(abs.getFileName().toString())) {
      throw new IOException("refusing " + leftover + ": not a temp file of this share directory");
    }
    String path =
        basepath.relativize(abs).toString().replace(abs.getFileSystem().getSeparator(), "/");
    List<String> segs = segments(path);
    try (DirHandles dirs = open(path, segs, false)) {
      Path name = dirs.name(last(segs));
      if (FileModes.read(dirs.last(), name).isDirectory()) {
        dirs.last().deleteDirectory(name); // only if empty: a user's files in it are never lost
      } else {
        dirs.last().deleteFile(name);
      }
    } catch (NoSuchFileException e) {
      // Gone already.
    }
  }

  /** Size and stamp of a file. */
  public record Stat(long size, Stamp stamp) {}

  /**
   * The stamp by path, as the scanner takes it: a directory handle offers no ctime. Only a stat, so
   * a swapped-in symlink can at worst give a stamp that differs from the next scan's, which makes
   * that scan read the file again.
   */
  private Stamp stamp(String path) throws IOException {
    return Stamps.read(basepath.resolve(path));
  }

  /** What is on disk now, to notice a file changed since it was scanned. */
  public Optional<Stat> stat(String path) throws IOException {
    List<String> segs = segments(path);
    try (DirHandles dirs = open(path, segs, false)) {
      BasicFileAttributes a = FileModes.read(dirs.last(), dirs.name(last(segs)));
      if (!a.isRegularFile()) {
        return Optional.empty(); // a directory in the way is not a local edit of this file
      }
      return Optional.of(new Stat(a.size(), stamp(path)));
    } catch (NoSuchFileException | DirHandles.Refused e) {
      return Optional.empty(); // nothing is scanned through a symlink either
    }
  }

  private DirHandles open(String path, List<String> segs, boolean create) throws IOException {
    try {
      return DirHandles.open(basepath, segs.subList(0, segs.size() - 1), create);
    } catch (DirHandles.Refused e) {
      throw new DirHandles.Refused("refusing " + path + ": " + e.getMessage());
    }
  }

  private static void refuseSymlink(String path, SecureDirectoryStream<Path> dir, Path name)
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
  private static void clearTarget(String path, SecureDirectoryStream<Path> dir, Path name)
      throws IOException {
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

  private static List<String> segments(String path) throws IOException {
    List<String> segs = Arrays.asList(path.split("/", -1));
    for (String s : segs) {
      DirHandles.checkName(s);
    }
    return segs;
  }

  private static String last(List<String> segs) {
    return segs.get(segs.size() - 1);
  }
}
