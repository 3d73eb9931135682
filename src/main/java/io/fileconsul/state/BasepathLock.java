package io.fileconsul.state;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.LocalErrors;
import io.fileconsul.fs.StateDirectory;
import io.fileconsul.sync.KeyPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;

/**
 * Serialises writers of one basepath (two pulls from overlapping watch handlers, a push racing a
 * pull) with an OS file lock, which the kernel releases even after kill -9.
 */
public final class BasepathLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private BasepathLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static BasepathLock acquire(Path basepath) {
    Path file = basepath.resolve(KeyPaths.STATE_DIR).resolve("lock");
    try {
      FileChannel ch = StateDirectory.openForLock(basepath, "lock");
      try {
        return new BasepathLock(ch, ch.lock());
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    } catch (IOException e) {
      throw new FileconsulException(ExitCode.LOCAL_IO, "cannot lock " + file + ": " + LocalErrors.describe(e)
          + "; check that the share directory is writable");
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // closing the channel releases the lock anyway
    }
  }
}
