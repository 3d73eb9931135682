package io.fileconsul.app;

import io.fileconsul.fs.FileSystemSync;
import io.fileconsul.fs.LocalTree;
import io.fileconsul.sync.LocalFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * A write begun by {@link #stage}: its bytes under a temp name, in place only once {@link
   * #durable} and {@link #place} have run.
   */
  interface Staged {}

  /**
   * The first half of a write, for a pull of many files: the bytes written without an fsync of
   * their own. By default the whole write, at once.
   */
  default Staged stage(String path, byte[] data, int mode, String sha256) throws IOException {
    return new Done(write(path, data, mode, sha256));
  }

  /** Makes staged bytes durable; returns those that could not be, with why (their temps gone). */
  default Map<Staged, IOException> durable(List<Staged> staged) {
    return Map.of();
  }

  /** The second half: the durable staged file put in place; returns what is now on disk. */
  default LocalFile place(Staged staged) throws IOException {
    return ((Done) staged).written();
  }

  /** A staged file that will not be placed, dropped. */
  default void discard(Staged staged) {}

  /** A write the default {@link #stage} made whole. */
  record Done(LocalFile written) implements Staged {}

  /** A temp file of {@link LocalTree#stage}. */
  record OnDisk(LocalTree.Staged file) implements Staged {}

  /**
   * Whether {@link #durable} would make {@code files} staged files durable at once, cheaply (else:
   * use write, which makes each durable on its own).
   */
  default boolean syncsAtOnce(int files) {
    return false;
  }

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
      public boolean syncsAtOnce(int files) {
        return FileSystemSync.worthItFor(files);
      }

      @Override
      public Staged stage(String path, byte[] data, int mode, String sha256) throws IOException {
        return new OnDisk(tree.stage(path, data, mode, sha256));
      }

      @Override
      public Map<Staged, IOException> durable(List<Staged> staged) {
        Map<LocalTree.Staged, Staged> ours = new HashMap<>();
        staged.forEach(s -> ours.put(((OnDisk) s).file(), s));
        Map<Staged, IOException> failed = new HashMap<>();
        tree.durable(List.copyOf(ours.keySet())).forEach((f, e) -> failed.put(ours.get(f), e));
        return failed;
      }

      @Override
      public LocalFile place(Staged staged) throws IOException {
        return tree.place(((OnDisk) staged).file());
      }

      @Override
      public void discard(Staged staged) {
        tree.discard(((OnDisk) staged).file());
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
