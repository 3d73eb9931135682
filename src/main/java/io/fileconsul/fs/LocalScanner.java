package io.fileconsul.fs;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.KeyPaths;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.PathFilter;
import io.fileconsul.sync.PathText;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.Stamp;
import io.fileconsul.sync.SyncRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
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
 * is read; they are skipped with a warning, as are names that cannot be keys. FIFOs, devices and
 * sockets are listed as special files (never opened) so that pull sees something is there. A file whose size and mtime match its sync record is
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
    int basepathBytes = basepath.toAbsolutePath().normalize().toString()
        .getBytes(StandardCharsets.UTF_8).length;
    try {
      Files.walkFileTree(basepath, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          String rel = relative(basepath, dir);
          if (rel.isEmpty()) {
            return FileVisitResult.CONTINUE;
          }
          if (ignore.ignoredEntry(rel, true)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          Optional<String> bad = nameProblem(dir, rel, basepathBytes);
          if (bad.isPresent() && filter.matches(rel)) {
            warnings.add("skipping " + printable(rel) + "/ and everything in it: " + bad.get());
          }
          return bad.isPresent() ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
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
            warnings.add("skipping symlink " + printable(rel) + ": symlinks are not synced");
            return FileVisitResult.CONTINUE;
          }
          if (!walkAttrs.isRegularFile() && !walkAttrs.isOther() || !filter.matches(rel)) {
            return FileVisitResult.CONTINUE;
          }
          Optional<String> bad = nameProblem(file, rel, basepathBytes);
          if (bad.isPresent()) {
            warnings.add("skipping " + printable(rel) + ": " + bad.get());
            return FileVisitResult.CONTINUE;
          }
          if (walkAttrs.isOther()) {
            LocalFile special = SpecialFiles.describe(file, rel);
            warnings.add("not syncing " + printable(rel) + ": it is a "
                + special.content().specialKind() + ", not a regular file; push skips it and"
                + " pull never replaces it, even with --force (remove it, or list it in "
                + IgnoreRules.FILE_NAME + ")");
            files.put(rel, special);
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
          String rel = relative(basepath, file);
          if (e instanceof FileSystemException f && "File name too long".equals(f.getReason())) {
            // Longer than PATH_MAX as the walk spells it: nothing can open it, so skip it as an
            // unsafe name rather than fail every command.
            warnings.add("skipping " + printable(rel) + ": its path is longer than "
                + KeyPaths.MAX_PATH_BYTES + " bytes");
            return FileVisitResult.CONTINUE;
          }
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

  /**
   * Why a local name cannot be synced, or empty: not a valid key, a path too long to open, or
   * bytes that are not UTF-8 (the launcher decodes names as UTF-8, so such a name reads as
   * U+FFFD and its Path, rebuilt from that text, names another file or none).
   */
  static Optional<String> nameProblem(Path file, String rel, int basepathBytes) {
    if (!file.getFileSystem().getPath(file.toString()).equals(file)) {
      return Optional.of("its name is not valid UTF-8, so it cannot be a key");
    }
    Optional<String> unsafe = KeyPaths.unsafeReason(rel)
        .or(() -> KeyPaths.lengthProblem(basepathBytes, rel));
    return unsafe.map(u -> "its name cannot be a key (" + u + ")");
  }

  static String relative(Path basepath, Path p) {
    String rel = basepath.relativize(p).toString();
    return p.getFileSystem().getSeparator().equals("/") ? rel : rel.replace(p.getFileSystem().getSeparator(), "/");
  }

  /** Quoted as every printed path is ({@link PathText}), so a warning stays one honest line. */
  public static String printable(String s) {
    return PathText.quote(s);
  }
}
