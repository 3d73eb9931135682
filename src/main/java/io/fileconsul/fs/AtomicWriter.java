package io.fileconsul.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import io.fileconsul.sync.KeyPaths;
import java.util.HexFormat;

/**
 * Writes a file so that readers see the old bytes or the new bytes, never a mix, even across a
 * crash: a temp file in the same directory, fsync, atomic rename, fsync of the directory (as JGit's
 * LockFile). Temp names are short and fixed-shape so the scanner can skip leftovers of a kill -9.
 */
public final class AtomicWriter {
  static final String TEMP_PREFIX = ".fileconsul-";
  static final String TEMP_SUFFIX = ".tmp";
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicWriter() {}

  /** Exactly the shape write() makes, so a user's ".fileconsul-notes.tmp" is never taken for one. */
  public static boolean isTempName(String fileName) {
    return KeyPaths.isTempName(fileName);
  }

  public static void write(Path target, byte[] data, int mode) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    Path tmp = dir.resolve(TEMP_PREFIX + HexFormat.of().formatHex(id) + TEMP_SUFFIX);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      FileModes.set(tmp, mode);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Makes a rename or delete in {@code dir} durable; not every OS can open a directory. */
  public static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: Windows cannot fsync a directory; the rename itself is still atomic.
    }
  }
}
