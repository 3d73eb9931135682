package io.fileconsul.fs;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.PathText;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.KeyPaths;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.PathFilter;
import io.fileconsul.sync.Stamp;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.SyncRecord;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Lists the regular files under basepath. Symlinks are never followed, not even one swapped in
 * while the scan runs, so nothing outside basepath is read; they are skipped with a warning, as are
 * names that cannot be keys. FIFOs, devices and sockets are listed as special files (never opened)
 * so that pull sees something is there. A file whose size and mtime match its sync record is not
 * read again (as git's index), unless it was modified too close to when the record was saved to
 * tell the two apart.
 */
public final class LocalScanner {
  static final long RACY_NANOS = Stamp.RACY_NANOS;

  /**
   * The selected files by relative path, what was skipped on the way, and temp files a killed pull
   * left behind (never synced; pull removes them under its lock).
   */
  public record Scan(
      Map<String, LocalFile> files, List<String> warnings, int hashed, List<Path> leftovers) {}

  private LocalScanner() {}

  public static Scan scan(Path basepath, IgnoreRules ignore, PathFilter filter, SyncBase base) {
    return scan(basepath, ignore, filter, base, 0);
  }

  /**
   * As {@link #scan(Path, IgnoreRules, PathFilter, SyncBase)}, but a file with no record entry
   * whose stamp settled before {@code deferBefore} (0: none) is listed {@link Content#unhashed}:
   * the caller hashes those the remote side holds too ({@link LateHashes}), and a push hashes the
   * rest from the bytes it uploads. An initial push of 1,000 files read and hashed each file twice
   * before (the scan, then the upload); its scan was 130 of the 180 ms its main thread waited.
   */
  public static Scan scan(
      Path basepath, IgnoreRules ignore, PathFilter filter, SyncBase base, long deferBefore) {
    Walk walk = new Walk(basepath, ignore, filter, base, deferBefore);
    if (!Files.isDirectory(basepath)) {
      return walk.result();
    }
    try (SecureDirectoryStream<Path> root = DirHandles.openRoot(basepath)) {
      walk.directory(root, "", basepath);
    } catch (IOException e) {
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "cannot read the share directory "
              + basepath
              + ": "
              + e
              + "; fix its permissions or add the path to "
              + IgnoreRules.FILE_NAME);
    }
    return walk.result();
  }

  /**
   * One scan. It walks through directory handles, each opened from the one above without following
   * links (see {@link DirHandles}), and opens files the same way: a directory that another user
   * swaps for a symlink mid-scan is refused, never followed, so nothing outside basepath is listed
   * or read, not even for a moment.
   */
  private static final class Walk {
    private final Path basepath;
    private final IgnoreRules ignore;
    private final PathFilter filter;
    private final SyncBase base;
    private final long deferBefore;
    private final int basepathBytes;
    private final Map<String, LocalFile> files = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<Path> leftovers = new ArrayList<>();
    private int hashed;

    Walk(Path basepath, IgnoreRules ignore, PathFilter filter, SyncBase base, long deferBefore) {
      this.basepath = basepath;
      this.ignore = ignore;
      this.filter = filter;
      this.base = base;
      this.deferBefore = deferBefore;
      this.basepathBytes =
          basepath.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private void skippedSymlink(String rel) {
      warnings.add("skipping symlink " + PathText.quote(rel) + ": symlinks are not synced");
    }

    Scan result() {
      return new Scan(files, warnings, hashed, leftovers);
    }

    void directory(SecureDirectoryStream<Path> dir, String relDir, Path dirPath)
        throws IOException {
      List<Unread> unread = new ArrayList<>();
      for (Path entry : dir) {
        Path name = entry.getFileName();
        String rel = relDir.isEmpty() ? name.toString() : relDir + "/" + name;
        Path file = dirPath.resolve(name);
        BasicFileAttributes attrs;
        try {
          attrs = FileModes.read(dir, name);
        } catch (NoSuchFileException e) {
          continue; // gone since the directory was listed
        }
        if (attrs.isDirectory()) {
          subdirectory(dir, name, relDir, rel, file);
        } else {
          file(dir, name, rel, file, attrs, unread);
        }
      }
      hash(dir, unread); // while the directory's handle is open
    }

    private void subdirectory(
        SecureDirectoryStream<Path> dir, Path name, String relDir, String rel, Path file)
        throws IOException {
      if (relDir.isEmpty() && AtomicWriter.isTempName(name.toString())) {
        leftovers.add(file); // a directory a killed pull made but never moved into place
        return;
      }
      if (ignore.ignoredEntry(rel, true)) {
        return;
      }
      Optional<String> bad = nameProblem(file, rel, basepathBytes);
      if (bad.isPresent()) {
        if (filter.matches(rel)) {
          warnings.add("skipping " + PathText.quote(rel) + "/ and everything in it: " + bad.get());
        }
        return;
      }
      SecureDirectoryStream<Path> child;
      try {
        child = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
      } catch (FileSystemException e) {
        if (FileModes.read(dir, name).isSymbolicLink()) {
          // Swapped for a symlink since it was listed: refused, as every symlink is.
          skippedSymlink(rel);
          return;
        }
        throw e;
      }
      try (child) {
        directory(child, rel, file);
      }
    }

    private void file(
        SecureDirectoryStream<Path> dir,
        Path name,
        String rel,
        Path file,
        BasicFileAttributes attrs,
        List<Unread> unread)
        throws IOException {
      if (AtomicWriter.isTempName(name.toString())) {
        leftovers.add(file);
        return;
      }
      if (ignore.ignoredEntry(rel, false)) {
        return;
      }
      if (attrs.isSymbolicLink()) {
        skippedSymlink(rel);
        return;
      }
      if (!attrs.isRegularFile() && !attrs.isOther() || !filter.matches(rel)) {
        return;
      }
      Optional<String> bad = nameProblem(file, rel, basepathBytes);
      if (bad.isPresent()) {
        warnings.add("skipping " + PathText.quote(rel) + ": " + bad.get());
        return;
      }
      if (attrs.isOther()) {
        LocalFile special = SpecialFiles.describe(file, rel);
        warnings.add(
            "not syncing "
                + PathText.quote(rel)
                + ": it is a "
                + special.content().specialKind()
                + ", not a regular file; push skips it and"
                + " pull never replaces it, even with --force (remove it, or list it in "
                + IgnoreRules.FILE_NAME
                + ")");
        files.put(rel, special);
        return;
      }
      // By path, for the ctime a directory handle does not offer: a stat only, and a redirected
      // one can only give a stamp that differs from the record, which means reading the file.
      Stamp stamp = Stamps.read(file);
      int mode = FileModes.of(attrs);
      Optional<SyncRecord> rec = base.get(rel);
      if (rec.isPresent()
          && rec.get().stamp().sameFileAs(stamp)
          && rec.get().content().size() == attrs.size()
          && stamp.mtimeNanos() < base.savedAtNanos() - RACY_NANOS) {
        files.put(
            rel,
            new LocalFile(
                rel, new Content(rec.get().content().sha256(), attrs.size(), mode), stamp));
      } else if (rec.isEmpty() && deferBefore != 0 && stamp.settledBefore(deferBefore)) {
        files.put(rel, new LocalFile(rel, Content.unhashed(attrs.size(), mode), stamp));
      } else {
        unread.add(new Unread(name, rel, attrs.size(), mode, stamp));
      }
    }

    /**
     * Hashes a directory's changed files, on {@link Hashing}'s threads when there is enough to
     * share: SHA-256 under the launcher's C1-only JIT runs at about 150 MB/s (no intrinsic), so an
     * initial scan of 10,000 files (110 MB) took 0.74 s on one core.
     */
    private void hash(SecureDirectoryStream<Path> dir, List<Unread> unread) throws IOException {
      List<String> shas =
          Hashing.all(
              unread, u -> sha256(dir, u.name()), unread.stream().mapToLong(Unread::size).sum());
      for (int i = 0; i < unread.size(); i++) {
        Unread u = unread.get(i);
        if (shas.get(i) == null) {
          skippedSymlink(u.rel());
        } else {
          files.put(
              u.rel(),
              new LocalFile(u.rel(), new Content(shas.get(i), u.size(), u.mode()), u.stamp()));
          hashed++;
        }
      }
    }

    /** The file's SHA-256, or null if it was swapped for a symlink since it was listed. */
    private static String sha256(SecureDirectoryStream<Path> dir, Path name) throws IOException {
      try (SeekableByteChannel ch =
          dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
        return DigestUtils.sha256Hex(Channels.newInputStream(ch));
      } catch (FileSystemException e) {
        if (FileModes.read(dir, name).isSymbolicLink()) {
          return null;
        }
        throw e;
      }
    }
  }

  /** A file the record does not vouch for: it must be read and hashed. */
  private record Unread(Path name, String rel, long size, int mode, Stamp stamp) {}

  /**
   * Why a local name cannot be synced, or empty: not a valid key, a path too long to open, or bytes
   * that are not UTF-8 (the launcher decodes names as UTF-8, so such a name reads as U+FFFD and its
   * Path, rebuilt from that text, names another file or none).
   */
  static Optional<String> nameProblem(Path file, String rel, int basepathBytes) {
    if (!file.getFileSystem().getPath(file.toString()).equals(file)) {
      return Optional.of("its name is not valid UTF-8, so it cannot be a key");
    }
    Optional<String> unsafe =
        KeyPaths.unsafeReason(rel).or(() -> KeyPaths.lengthProblem(basepathBytes, rel));
    return unsafe.map(u -> "its name cannot be a key (" + u + ")");
  }
}
