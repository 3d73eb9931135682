package io.fileconsul.app;

import io.fileconsul.fs.LocalTree;
import io.fileconsul.sync.LocalFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The share-directory calls a pull makes, and no others; each goes through directory handles (see
 * fs.LocalTree), so none follows a symlink.
 */
interface LocalWriter {
  /**
   * Writes atomically and returns what is now on disk; {@code sha256} is the data's hash when
   * known, else null.
   */
  LocalFile write(String path, byte[] data, int mode, String sha256) throws IOException;

  /** Makes every write and delete so far durable (their directories' fsyncs), before a record. */
  default void flush() throws IOException {}

  /** Deletes the file and the directories it leaves empty. */
  void delete(String path) throws IOException;

  /** Removes a temp file (or empty temp directory) a killed run left behind. */
  void removeLeftover(Path leftover) throws IOException;

  /** What is at {@code path} now, to notice a file changed since it was scanned. */
  Optional<LocalTree.Stat> stat(String path) throws IOException;

  /** Over {@code tree}, its directory fsyncs deferred to {@link #flush()}. */
  static LocalWriter over(LocalTree tree) {
    tree.deferDirectorySyncs();
    return new LocalWriter() {
      @Override
      public LocalFile write(String path, byte[] data, int mode, String sha256) throws IOException {
        return tree.write(path, data, mode, sha256);
      }

      @Override
      public void flush() throws IOException {
        tree.syncDirectories();
      }

      @Override
      public void delete(String path) throws IOException {
        tree.delete(path);
      }

      @Override
      public void removeLeftover(Path leftover) throws IOException {
        tree.removeLeftover(leftover);
      }

      @Override
      public Optional<LocalTree.Stat> stat(String path) throws IOException {
        return tree.stat(path);
      }
    };
  }
}
