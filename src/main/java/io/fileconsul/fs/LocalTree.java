package io.fileconsul.fs;

import io.fileconsul.sync.Content;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.Stamp;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Writes and deletes files under basepath for pull. Paths were validated as keys already; here
 * the file system is checked too: nothing is written through a symlinked directory or over a
 * symlink, so a pull can never touch anything outside basepath.
 */
public final class LocalTree {
  private final Path basepath;

  public LocalTree(Path basepath) {
    this.basepath = basepath.toAbsolutePath().normalize();
  }

  public Path basepath() {
    return basepath;
  }

  /** Writes atomically and returns what is now on disk. */
  public LocalFile write(String path, byte[] data, int mode) throws IOException {
    Path target = resolve(path);
    createParents(target);
    checkNoLinks(target);
    AtomicWriter.write(target, data, mode);
    BasicFileAttributes attrs = FileModes.read(target);
    return new LocalFile(path, new Content(DigestUtils.sha256Hex(data), data.length,
        FileModes.of(attrs)), Stamps.read(target));
  }

  public byte[] read(String path) throws IOException {
    Path target = resolve(path);
    checkNoLinks(target);
    return Files.readAllBytes(target);
  }

  /** Deletes the file, then every directory the delete left empty, up to basepath. */
  public void delete(String path) throws IOException {
    Path target = resolve(path);
    checkNoLinks(target);
    Files.deleteIfExists(target);
    Path dir = target.getParent();
    AtomicWriter.syncDirectory(dir);
    while (dir != null && !dir.equals(basepath) && dir.startsWith(basepath)) {
      try {
        Files.delete(dir);
      } catch (DirectoryNotEmptyException e) {
        break;
      }
      dir = dir.getParent();
    }
  }

  /** Size and stamp of a file. */
  public record Stat(long size, Stamp stamp) {}

  /** What is on disk now, to notice a file changed since it was scanned. */
  public Optional<Stat> stat(String path) throws IOException {
    Path target = resolve(path);
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty(); // a directory in the way is not a local edit of this file
    }
    BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    return Optional.of(new Stat(a.size(), Stamps.read(target)));
  }

  /**
   * Creates missing directories one at a time, refusing a symlink on the way: mkdir -p would
   * follow one and create directories outside basepath before anything could check.
   */
  private void createParents(Path target) throws IOException {
    Path dir = basepath;
    for (Path segment : basepath.relativize(target.getParent())) {
      dir = dir.resolve(segment);
      if (Files.isSymbolicLink(dir)) {
        throw new IOException("refusing " + basepath.relativize(target) + ": "
            + basepath.relativize(dir) + " is a symlink, and symlinks are never followed");
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(dir);
      }
    }
  }

  private Path resolve(String path) throws IOException {
    Path target = basepath.resolve(path).normalize();
    if (!target.startsWith(basepath) || target.equals(basepath)) {
      throw new IOException("refusing " + path + ": it resolves outside the share directory");
    }
    return target;
  }

  private void checkNoLinks(Path target) throws IOException {
    for (Path p = target; p != null && !p.equals(basepath); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw new IOException("refusing " + basepath.relativize(target)
            + ": " + basepath.relativize(p) + " is a symlink, and symlinks are never followed");
      }
    }
  }
}
