package io.fileconsul.fs;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When the renames and deletes in a share directory become durable: at once (an fsync of the
 * directory after each), or, once {@link #defer()}red, at {@link #syncAll}: one fsync per directory
 * a pull touched instead of one per file. The JFR profile of an initial pull of 1,000 files had a
 * fifth of its native time in those per-file directory fsyncs. Each file is still wholly old or
 * wholly new at every moment (the rename is atomic, the file's own bytes are durable before it);
 * only which renames survive a power cut before the sync is open, and the caller saves its record
 * after the sync.
 */
final class DirectorySyncs {
  /**
   * From this many directories, {@link #syncAll} syncs the file system once ({@link
   * FileSystemSync}) instead of each directory (a 1,000-file tree of the benchmark has 200), while
   * the host has little else waiting for write-back, as for a pull's files.
   */
  static final int WHOLE_FILE_SYSTEM_FROM = 16;

  private final Path basepath;

  /** Directories awaiting {@link #syncAll}; guarded by itself: a pull writes on several threads. */
  private final Set<List<String>> unsynced = new LinkedHashSet<>();

  private volatile boolean deferred;

  DirectorySyncs(Path basepath) {
    this.basepath = basepath;
  }

  void defer() {
    deferred = true;
  }

  /** After a rename or delete of the entry {@code segs} names, in {@code dir}, its parent. */
  void changed(List<String> segs, SecureDirectoryStream<Path> dir) {
    if (!deferred) {
      AtomicWriter.syncDirectory(dir);
      return;
    }
    synchronized (unsynced) {
      unsynced.add(List.copyOf(segs.subList(0, segs.size() - 1)));
    }
  }

  /** Makes every deferred rename and delete durable. */
  void syncAll() throws IOException {
    List<List<String>> todo;
    synchronized (unsynced) {
      todo = new ArrayList<>(unsynced);
      unsynced.clear();
    }
    if (todo.size() >= WHOLE_FILE_SYSTEM_FROM
        && FileSystemSync.worthItFor(todo.size())
        && FileSystemSync.sync(basepath)) {
      return;
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
}
