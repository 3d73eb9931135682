package io.fileconsul.fs;

import io.fileconsul.sync.Content;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.Stamp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private final DirectorySyncs syncs;

  public LocalTree(Path basepath) {
    this.basepath = basepath.toAbsolutePath().normalize();
    this.syncs = new DirectorySyncs(this.basepath);
  }

  public Path basepath() {
    return basepath;
  }

  /**
   * From now on, a rename or delete is made durable only by {@link #syncDirectories()} (see
   * DirectorySyncs), which the caller runs before it saves its record.
   */
  public void deferDirectorySyncs() {
    syncs.defer();
  }

  /** Makes every deferred rename and delete durable. */
  public void syncDirectories() throws IOException {
    syncs.syncAll();
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
      WriteTargets.clear(path, dir, name);
      AtomicWriter.write(dir, name, data, mode, false);
      syncs.changed(segs, dir);
      BasicFileAttributes attrs = FileModes.read(dir, name);
      String sha = sha256 != null ? sha256 : DigestUtils.sha256Hex(data);
      return new LocalFile(path, new Content(sha, data.length, FileModes.of(attrs)), stamp(path));
    }
  }

  /**
   * A file written under a temp name beside where it goes, not yet durable nor in place: {@link
   * #durable} then {@link #place} finish it, {@link #discard} drops it.
   */
  public record Staged(String path, Path temp, long size, String sha256) {}

  /**
   * The first half of {@link #write(String, byte[], int, String)} for a pull of many files: the
   * bytes under a temp name, not fsynced, so that one {@link #durable} call makes every staged file
   * durable at once. Safe to call from several threads.
   */
  public Staged stage(String path, byte[] data, int mode, String sha256) throws IOException {
    List<String> segs = segments(path);
    try (DirHandles dirs = open(path, segs, true)) {
      Path tmp = AtomicWriter.stage(dirs.last(), dirs.name(last(segs)), data, mode, false);
      String sha = sha256 != null ? sha256 : DigestUtils.sha256Hex(data);
      return new Staged(path, tmp, data.length, sha);
    }
  }

  /**
   * Makes the staged files' bytes durable: one sync of the file system ({@link FileSystemSync}),
   * else (or when it fails) an fsync of each. Returns the files that could not be made durable,
   * each with its error; their temp files are gone.
   */
  public Map<Staged, IOException> durable(List<Staged> staged) {
    if (staged.isEmpty() || FileSystemSync.sync(basepath)) {
      return Map.of();
    }
    Map<Staged, IOException> failed = new HashMap<>();
    for (Staged s : staged) {
      List<String> segs;
      try {
        segs = segments(s.path());
      } catch (IOException e) {
        failed.put(s, e);
        continue;
      }
      try (DirHandles dirs = open(s.path(), segs, false)) {
        try {
          AtomicWriter.syncStaged(dirs.last(), s.temp());
        } catch (IOException e) {
          AtomicWriter.discard(dirs.last(), s.temp());
          failed.put(s, e);
        }
      } catch (IOException e) {
        failed.put(s, e);
      }
    }
    return failed;
  }

  /** Puts a durable staged file in place (the second half of a write) and returns what is there. */
  public LocalFile place(Staged s) throws IOException {
    List<String> segs = segments(s.path());
    try (DirHandles dirs = open(s.path(), segs, false)) {
      SecureDirectoryStream<Path> dir = dirs.last();
      Path name = dirs.name(last(segs));
      try {
        WriteTargets.clear(s.path(), dir, name);
      } catch (IOException e) {
        AtomicWriter.discard(dir, s.temp());
        throw e;
      }
      AtomicWriter.place(dir, s.temp(), name);
      syncs.changed(segs, dir);
      BasicFileAttributes attrs = FileModes.read(dir, name);
      return new LocalFile(
          s.path(), new Content(s.sha256(), s.size(), FileModes.of(attrs)), stamp(s.path()));
    }
  }

  /** Drops a staged file that will not be placed (best effort: a leftover is removed later). */
  public void discard(Staged s) {
    try (DirHandles dirs = open(s.path(), segments(s.path()), false)) {
      AtomicWriter.discard(dirs.last(), s.temp());
    } catch (IOException e) {
      // the next pull removes it as a leftover
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
    try (InputStream in = Channels.newInputStream(openForRead(path))) {
      return in.readAllBytes();
    }
  }

  /** A file's hash and size, read as a stream, and its stamp after. */
  public record Hashed(String sha256, long size, Stamp stampAfter) {}

  /** As {@link #readStamped}, hashing the bytes instead of keeping them. */
  public Hashed hashStamped(String path) throws IOException {
    String sha;
    long size;
    try (SeekableByteChannel ch = openForRead(path)) {
      sha = DigestUtils.sha256Hex(Channels.newInputStream(ch));
      size = ch.position();
    }
    return new Hashed(sha, size, stamp(path));
  }

  private SeekableByteChannel openForRead(String path) throws IOException {
    List<String> segs = segments(path);
    try (DirHandles dirs = open(path, segs, false)) {
      return dirs.last()
          .newByteChannel(
              dirs.name(last(segs)), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }
  }

  /** Deletes the file, then every directory the delete left empty, up to basepath. */
  public void delete(String path) throws IOException {
    List<String> segs = segments(path);
    try (DirHandles dirs = open(path, segs, false)) {
      SecureDirectoryStream<Path> dir = dirs.last();
      Path name = dirs.name(last(segs));
      WriteTargets.refuseSymlink(path, dir, name);
      try {
        dir.deleteFile(name); // unlinkat in the directory we hold open
      } catch (NoSuchFileException e) {
        return;
      }
      syncs.changed(segs, dir);
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
