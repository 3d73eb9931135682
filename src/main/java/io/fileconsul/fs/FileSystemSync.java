package io.fileconsul.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One durable point for a whole file system: syncfs(2), through {@code sync -f DIR} since Java 17
 * has no way to call it. A pull's per-file fsyncs each wait for the disk to flush its cache, and
 * were 40% of its writer threads' time on 1,000 files; one syncfs flushes them all at once (1,000
 * files of a pull, measured with a script: 154 ms with eight threads' fsyncs, 78 ms with one
 * syncfs, 70 ms with none).
 *
 * <p>Used only where it is sound: on Linux (elsewhere {@code sync} may ignore {@code -f} and only
 * schedule the writes), from kernel 5.8 (before it, syncfs did not report a failed write-back), and
 * when the coreutils or busybox binary is at a fixed path (never looked up on PATH). The caller
 * falls back to one fsync per file when it is not available or fails.
 */
public final class FileSystemSync {
  private static final Optional<String> BINARY = find();
  private static final Path MEMINFO = Path.of("/proc/meminfo");

  private FileSystemSync() {}

  /** Whether {@link #sync} can be tried here. */
  public static boolean available() {
    return BINARY.isPresent();
  }

  /**
   * Whether one sync of the file system is the cheaper way to make {@code items} files or
   * directories durable: it can be tried here, and the host has at most 32 KiB an item (16 MiB at
   * least) waiting for write-back besides. One fsync costs about 150 us a file on eight threads
   * here, about what flushing 32 KiB more does.
   */
  public static boolean worthItFor(int items) {
    return available() && littleToFlush(Math.max(16L << 20, items * (32L << 10)));
  }

  /**
   * Whether a sync now would flush little besides what a pull is about to write: the bytes waiting
   * for write-back system-wide (Dirty + Writeback in /proc/meminfo) are at most {@code budget}. A
   * syncfs waits for every dirty page of the file system, other programs' too; one fsync per file
   * waits for its own file only, so a host writing a lot keeps the fsyncs. False when it cannot
   * tell.
   */
  public static boolean littleToFlush(long budget) {
    try {
      long kib = 0;
      int found = 0;
      for (String line : Files.readAllLines(MEMINFO)) {
        if (line.startsWith("Dirty:") || line.startsWith("Writeback:")) {
          kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
          found++;
        }
      }
      return found == 2 && kib * 1024 <= budget;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  /**
   * Flushes the file system holding {@code dir} and waits for it; true when every write-back before
   * it succeeded. Not interrupted half-way (a pull's record must wait for it): an interrupt is kept
   * for the caller.
   */
  public static boolean sync(Path dir) {
    if (BINARY.isEmpty()) {
      return false;
    }
    Process p;
    try {
      p =
          new ProcessBuilder(BINARY.get(), "-f", dir.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return false;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return p.waitFor() == 0;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Optional<String> find() {
    if (!"Linux".equals(System.getProperty("os.name"))
        || !atLeast58(System.getProperty("os.version"))) {
      return Optional.empty();
    }
    for (String bin : new String[] {"/usr/bin/sync", "/bin/sync"}) {
      if (Files.isExecutable(Path.of(bin))) {
        return Optional.of(bin);
      }
    }
    return Optional.empty();
  }

  /** "6.18.44-fc" and "5.8.0" are, "5.4.0-150-generic" and "" are not. */
  static boolean atLeast58(String version) {
    String[] parts = version == null ? new String[0] : version.split("[.-]", 3);
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return major > 5 || major == 5 && minor >= 8;
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return false;
    }
  }
}
