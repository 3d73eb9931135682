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
  /** Writes atomically and returns what is now on disk. */
  LocalFile write(String path, byte[] data, int mode) throws IOException;

  /** Deletes the file and the directories it leaves empty. */
  void delete(String path) throws IOException;

  /** Removes a temp file (or empty temp directory) a killed run left behind. */
  void removeLeftover(Path leftover) throws IOException;

  /** What is at {@code path} now, to notice a file changed since it was scanned. */
  Optional<LocalTree.Stat> stat(String path) throws IOException;

  static LocalWriter over(LocalTree tree) {
    return new LocalWriter() {
      @Override
      public LocalFile write(String path, byte[] data, int mode) throws IOException {
        return tree.write(path, data, mode);
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
