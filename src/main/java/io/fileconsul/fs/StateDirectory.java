package io.fileconsul.fs;

import io.fileconsul.sync.KeyPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * fileconsul's own directory, {@code <basepath>/.fileconsul/}, reached as the share itself is:
 * through directory handles that never follow a symlink (see {@link DirHandles}). Another local
 * user who can write in the share could otherwise swap it for a symlink and have a root-run pull
 * write its lock and record wherever that points, or hang it on a FIFO named like the record.
 */
public final class StateDirectory {
  /** Far above any real record (10,000 files make about 3 MB). */
  static final long MAX_READ = 256L * 1024 * 1024;

  private static final List<String> DIR = List.of(KeyPaths.STATE_DIR);

  /**
   * Only the owner may look in: the record holds every synced file's SHA-256, 0600 secrets
   * included, and a hash lets anyone try guesses at a short secret offline.
   */
  static final int DIR_MODE = 0700;

  private StateDirectory() {}

  /**
   * The state directory, refused when a user other than this one (or root) owns it: whoever owns it
   * could plant a record saying files were synced (so they read as deleted remotely, and pull
   * deletes them) or a lock that never opens.
   */
  private static DirHandles open(Path basepath, boolean create) throws IOException {
    DirHandles dirs = DirHandles.open(basepath, DIR, create, DIR_MODE);
    try {
      Optional<String> stranger = FileModes.foreignOwner(dirs.last());
      if (stranger.isPresent()) {
        throw new IOException(
            basepath.resolve(KeyPaths.STATE_DIR)
                + " belongs to "
                + stranger.get()
                + ", not to the user running fileconsul; remove it or chown it");
      }
      return dirs;
    } catch (IOException | RuntimeException e) {
      dirs.close();
      throw e;
    }
  }

  /** Writes {@code name} atomically, creating the directory when needed. */
  public static void write(Path basepath, String name, byte[] data, int mode) throws IOException {
    try (DirHandles dirs = open(basepath, true)) {
      // Also tightens a directory made by a version that left it 0755 (fchmod on the handle).
      FileModes.setOwn(dirs.last(), DIR_MODE);
      AtomicWriter.write(dirs.last(), dirs.name(name), data, mode);
      try {
        removeTempFiles(dirs);
      } catch (IOException e) {
        // Best effort: the record is saved; a leftover temp file is never read as one.
      }
    }
  }

  /**
   * Removes what a run killed while it saved the record left, through the handle the save already
   * holds: record saves are the only writers of temp files here, and each holds the directory's
   * lock, so any other temp file is a dead run's.
   */
  private static void removeTempFiles(DirHandles dirs) throws IOException {
    List<Path> leftovers = new ArrayList<>();
    for (Path entry : dirs.last()) {
      if (AtomicWriter.isTempName(entry.getFileName().toString())) {
        leftovers.add(entry.getFileName());
      }
    }
    for (Path leftover : leftovers) {
      try {
        dirs.last().deleteFile(leftover);
      } catch (NoSuchFileException e) {
        // gone already
      }
    }
  }

  /** The bytes of a regular file {@code name}, or empty when it (or the directory) is missing. */
  public static Optional<byte[]> read(Path basepath, String name) throws IOException {
    try (DirHandles dirs = open(basepath, false)) {
      Path file = dirs.name(name);
      BasicFileAttributes a = FileModes.read(dirs.last(), file);
      if (!a.isRegularFile()) {
        throw new IOException(KeyPaths.STATE_DIR + "/" + name + " is not a regular file");
      }
      try (SeekableByteChannel ch =
              dirs.last()
                  .newByteChannel(
                      file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
          InputStream in = Channels.newInputStream(ch)) {
        byte[] bytes = in.readNBytes((int) Math.min(MAX_READ + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > MAX_READ) {
          throw new IOException(
              KeyPaths.STATE_DIR + "/" + name + " is over " + MAX_READ + " bytes");
        }
        return Optional.of(bytes);
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Names in the directory that {@code accept} takes; none when it is missing. */
  public static List<String> list(Path basepath, Predicate<String> accept) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirHandles dirs = open(basepath, false)) {
      for (Path entry : dirs.last()) {
        String name = entry.getFileName().toString();
        if (accept.test(name)) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      // no state directory yet
    }
    return names;
  }

  public static void delete(Path basepath, String name) throws IOException {
    try (DirHandles dirs = open(basepath, false)) {
      dirs.last().deleteFile(dirs.name(name));
    } catch (NoSuchFileException e) {
      // already gone
    }
  }

  /** Opens (creating) {@code name} for writing, to hold an OS lock on. */
  public static FileChannel openForLock(Path basepath, String name) throws IOException {
    try (DirHandles dirs = open(basepath, true)) {
      Path file = dirs.name(name);
      try {
        // Checked before opening: opening a FIFO for writing blocks until a reader comes.
        if (!FileModes.read(dirs.last(), file).isRegularFile()) {
          throw new IOException(KeyPaths.STATE_DIR + "/" + name + " is not a regular file");
        }
        FileModes.set(dirs.last(), file, 0600); // one made by an older version may be 0644
      } catch (NoSuchFileException e) {
        // made below
      }
      SeekableByteChannel ch =
          dirs.last()
              .newByteChannel(
                  file,
                  Set.of(
                      StandardOpenOption.CREATE,
                      StandardOpenOption.WRITE,
                      LinkOption.NOFOLLOW_LINKS),
                  FileModes.create(0600));
      if (ch instanceof FileChannel fc) {
        return fc;
      }
      ch.close();
      throw new IOException("this platform cannot lock a file opened through a directory handle");
    }
  }
}
