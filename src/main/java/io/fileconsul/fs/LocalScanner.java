package io.fileconsul.fs;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.KeyPaths;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.PathFilter;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.Stamp;
import io.fileconsul.sync.SyncRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Lists the regular files under basepath. Symlinks are never followed, so nothing outside basepath
 * is read; they are skipped with a warning. A file whose size and mtime match its sync record is
 * not read again (as git's index), unless it was modified too close to when the record was saved
 * to tell the two apart.
 */
public final class LocalScanner {
  /** Coarse file systems store whole seconds; give them two. */
  static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  /**
   * The selected files by relative path, what was skipped on the way, and temp files a killed
   * pull left behind (never synced; pull removes them under its lock).
   */
  public record Scan(Map<String, LocalFile> files, List<String> warnings, int hashed,
      List<Path> leftovers) {}

  private LocalScanner() {}

  public static Scan scan(Path basepath, IgnoreRules ignore, PathFilter filter, SyncBase base) {
    Map<String, LocalFile> files = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    int[] hashed = {0};
    List<Path> leftovers = new ArrayList<>();
    if (!Files.isDirectory(basepath)) {
      return new Scan(files, warnings, 0, leftovers);
    }
    try {
      Files.walkFileTree(basepath, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          String rel = relative(basepath, dir);
          return !rel.isEmpty() && ignore.ignoredEntry(rel, true)
              ? FileVisitResult.SKIP_SUBTREE
              : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes walkAttrs)
            throws IOException {
          String rel = relative(basepath, file);
          if (AtomicWriter.isTempName(file.getFileName().toString())) {
            leftovers.add(file);
            return FileVisitResult.CONTINUE;
          }
          if (ignore.ignoredEntry(rel, false)) {
            return FileVisitResult.CONTINUE;
          }
          if (walkAttrs.isSymbolicLink()) {
            warnings.add("skipping symlink " + rel + ": symlinks are not synced");
            return FileVisitResult.CONTINUE;
          }
          if (!walkAttrs.isRegularFile() || !filter.matches(rel)) {
            return FileVisitResult.CONTINUE;
          }
          Optional<String> unsafe = KeyPaths.unsafeReason(rel);
          if (unsafe.isPresent()) {
            warnings.add("skipping " + printable(rel) + ": its name cannot be a key (" + unsafe.get() + ")");
            return FileVisitResult.CONTINUE;
          }
          BasicFileAttributes attrs = FileModes.read(file);
          Stamp stamp = Stamps.read(file);
          int mode = FileModes.of(attrs);
          Optional<SyncRecord> rec = base.get(rel);
          String sha;
          if (rec.isPresent() && rec.get().stamp().sameFileAs(stamp)
              && rec.get().content().size() == attrs.size()
              && stamp.mtimeNanos() < base.savedAtNanos() - RACY_NANOS) {
            sha = rec.get().content().sha256();
          } else {
            sha = sha256(file);
            hashed[0]++;
          }
          files.put(rel, new LocalFile(rel, new Content(sha, attrs.size(), mode), stamp));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          throw e;
        }
      });
    } catch (IOException e) {
      throw new FileconsulException(ExitCode.LOCAL_IO, "cannot read the share directory "
          + basepath + ": " + e + "; fix its permissions or add the path to "
          + IgnoreRules.FILE_NAME);
    }
    return new Scan(files, warnings, hashed[0], leftovers);
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return DigestUtils.sha256Hex(in);
    }
  }

  static String relative(Path basepath, Path p) {
    String rel = basepath.relativize(p).toString();
    return p.getFileSystem().getSeparator().equals("/") ? rel : rel.replace(p.getFileSystem().getSeparator(), "/");
  }

  /** Control characters replaced, so a warning stays one line. */
  public static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        b.append(String.format("\\x%02x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }
}
