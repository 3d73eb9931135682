package io.fileconsul.fs;

import io.fileconsul.sync.KeyPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Writes a file so that readers see the old bytes or the new bytes, never a mix, even across a
 * crash: a temp file in the same directory, fsync, atomic rename, fsync of the directory (as JGit's
 * LockFile). Every step is relative to an open directory handle, so a symlink swapped in cannot
 * redirect it, and the temp file is created readable by its owner only: nobody else can read the
 * bytes of a 0600 file while they are written. Temp names are short and fixed-shape so the scanner
 * can skip leftovers of a kill -9.
 */
public final class AtomicWriter {
  static final String TEMP_PREFIX = ".fileconsul-";
  static final String TEMP_SUFFIX = ".tmp";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<StandardOpenOption> CREATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  private AtomicWriter() {}

  /**
   * Exactly the shape write() makes, so a user's ".fileconsul-notes.tmp" is never taken for one.
   */
  public static boolean isTempName(String fileName) {
    return KeyPaths.isTempName(fileName);
  }

  static String tempName() {
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    return TEMP_PREFIX + HexFormat.of().formatHex(id) + TEMP_SUFFIX;
  }

  /** Writes {@code name} in {@code dir} with exactly {@code mode}, and makes the rename durable. */
  static void write(SecureDirectoryStream<Path> dir, Path name, byte[] data, int mode)
      throws IOException {
    write(dir, name, data, mode, true);
  }

  /**
   * As {@link #write(SecureDirectoryStream, Path, byte[], int)}; without {@code syncDirectory} the
   * rename is atomic but its durability waits for the caller's {@link #syncDirectory}.
   */
  static void write(
      SecureDirectoryStream<Path> dir, Path name, byte[] data, int mode, boolean syncDirectory)
      throws IOException {
    place(dir, stage(dir, name, data, mode, true), name);
    if (syncDirectory) {
      syncDirectory(dir);
    }
  }

  /**
   * Writes {@code data} with exactly {@code mode} under a new temp name in {@code dir} and returns
   * that name; {@code sync}: fsynced, else the caller makes it durable (a file system's one sync
   * for a whole pull, see LocalTree.stage) before {@link #place} puts it where readers look.
   */
  static Path stage(SecureDirectoryStream<Path> dir, Path name, byte[] data, int mode, boolean sync)
      throws IOException {
    Path tmp = name.getFileSystem().getPath(tempName());
    boolean written = false;
    try {
      // openat(O_CREAT|O_EXCL) with at most the owner's bits (the umask can only take more away);
      // group and other get theirs only once the bytes are complete, just before the rename.
      try (SeekableByteChannel ch =
          dir.newByteChannel(tmp, CREATE, FileModes.create(mode & 0700))) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (sync && ch instanceof FileChannel fc) {
          fc.force(true);
        }
      }
      FileModes.set(dir, tmp, mode);
      written = true;
      return tmp;
    } finally {
      if (!written) {
        discard(dir, tmp);
      }
    }
  }

  /** fsyncs a staged temp file: the one-by-one way to make it durable. */
  static void syncStaged(SecureDirectoryStream<Path> dir, Path tmp) throws IOException {
    try (SeekableByteChannel ch = dir.newByteChannel(tmp, Set.of(StandardOpenOption.READ))) {
      if (ch instanceof FileChannel fc) {
        fc.force(true);
      }
    }
  }

  /** Renames the staged {@code tmp} over {@code name} atomically; on failure the temp is gone. */
  static void place(SecureDirectoryStream<Path> dir, Path tmp, Path name) throws IOException {
    boolean moved = false;
    try {
      dir.move(tmp, dir, name); // renameat: replaces the target atomically, never follows it
      moved = true;
    } finally {
      if (!moved) {
        discard(dir, tmp);
      }
    }
  }

  /** Removes a temp file that will not be placed. */
  static void discard(SecureDirectoryStream<Path> dir, Path tmp) {
    try {
      dir.deleteFile(tmp);
    } catch (IOException ignored) {
      // Never created, or left for the next pull's cleanup: the first error is the one to report.
    }
  }

  /** Makes a rename or delete in {@code dir} durable. */
  static void syncDirectory(SecureDirectoryStream<Path> dir) {
    try (SeekableByteChannel ch =
        dir.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
      if (ch instanceof FileChannel fc) {
        fc.force(true);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: the rename itself is atomic; only its durability across a crash is at stake.
    }
  }
}
