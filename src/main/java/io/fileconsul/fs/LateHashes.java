package io.fileconsul.fs;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.LocalErrors;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.Stamp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hashes files a scan listed {@link Content#unhashed}, once a plan needs them: a key at the same
 * path, whose content they must be compared with. Read through the same no-follow handles as the
 * scan.
 */
public final class LateHashes {
  /**
   * Matches no file: Stamp.sameFileAs ignores a zero ctime or inode, so (0, 0, 0) would match a
   * file whose mtime is the epoch; no file has the ctime -1.
   */
  private static final Stamp UNKNOWN = new Stamp(0, -1, 0);

  private LateHashes() {}

  /**
   * Hashes, in {@code local}, the unhashed files a key shares a path with: the plan compares those.
   * The scan left every new file unhashed, and most never need it (a push hashes what it uploads).
   */
  public static void whereKeyed(LocalTree tree, Map<String, LocalFile> local, Set<String> keyed) {
    List<LocalFile> needed = new ArrayList<>();
    for (LocalFile f : local.values()) {
      if (!f.content().hashed() && keyed.contains(f.path())) {
        needed.add(f);
      }
    }
    if (needed.isEmpty()) {
      return;
    }
    List<LocalFile> hashed;
    try {
      hashed = of(tree, needed);
    } catch (IOException e) {
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "cannot read the share directory "
              + tree.basepath()
              + ": "
              + LocalErrors.describe(e)
              + "; fix its permissions or add the path to "
              + IgnoreRules.FILE_NAME);
    }
    needed.forEach(f -> local.remove(f.path()));
    hashed.forEach(f -> local.put(f.path(), f));
  }

  /**
   * The files, hashed, in their order; a file gone since the scan (or no longer a regular file) is
   * left out. A file that changed since the scan keeps the hash of what was read but no stamp, so
   * nothing later trusts the stamp for those bytes: the next scan reads it again, and a push hashes
   * what it uploads again.
   */
  private static List<LocalFile> of(LocalTree tree, List<LocalFile> files) throws IOException {
    long bytes = files.stream().mapToLong(f -> f.content().size()).sum();
    List<LocalFile> hashed = Hashing.all(files, f -> hash(tree, f), bytes);
    List<LocalFile> out = new ArrayList<>(hashed.size());
    for (LocalFile f : hashed) {
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  private static LocalFile hash(LocalTree tree, LocalFile f) throws IOException {
    LocalTree.Hashed h;
    try {
      h = tree.hashStamped(f.path());
    } catch (IOException e) {
      // Gone, or swapped for a symlink (the JDK's ELOOP is a plain IOException) or a directory:
      // not a file the scan would list now. Anything else is an error to report.
      if (tree.stat(f.path()).isEmpty()) {
        return null;
      }
      throw e;
    }
    Stamp scanned = f.stamp();
    boolean same =
        h.size() == f.content().size()
            && scanned.sameFileAs(h.stampAfter())
            && scanned.ctimeNanos() == h.stampAfter().ctimeNanos();
    Content content = new Content(h.sha256(), h.size(), f.content().mode());
    return new LocalFile(f.path(), content, same ? scanned : UNKNOWN);
  }
}
