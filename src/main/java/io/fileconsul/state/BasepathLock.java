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
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "cannot lock "
              + file
              + ": "
              + LocalErrors.describe(e)
              + "; check that the share directory is writable");
    }
  }

  /**
   * The lock if nobody holds it, else empty; never waits and never fails (a share directory the
   * user may not write is simply not locked): for work that is worth doing only when it is free.
   */
  public static java.util.Optional<BasepathLock> tryAcquire(Path basepath) {
    try {
      FileChannel ch = StateDirectory.openForLock(basepath, "lock");
      try {
        FileLock lock = ch.tryLock();
        if (lock != null) {
          return java.util.Optional.of(new BasepathLock(ch, lock));
        }
      } catch (IOException | RuntimeException e) {
        // held by another process of ours, or not lockable here
      }
      ch.close();
    } catch (IOException | RuntimeException e) {
      // no lock to be had: the caller goes without
    }
    return java.util.Optional.empty();
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
