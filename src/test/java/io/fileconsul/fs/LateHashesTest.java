package io.fileconsul.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fileconsul.sync.Content;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.Stamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the scan listed unhashed, hashed once a key at their path needs comparing: as the scan saw
 * them, or, when they changed since, as they are now with no stamp to trust, or left out when they
 * are no longer regular files.
 */
class LateHashesTest {
  @TempDir Path share;
  @TempDir Path outside;

  private LocalFile scanned(String path) throws IOException {
    Path p = share.resolve(path);
    return new LocalFile(path, Content.unhashed(Files.size(p), 0644), Stamps.read(p));
  }

  private Map<String, LocalFile> hashedWhereKeyed(List<LocalFile> files, Set<String> keyed) {
    Map<String, LocalFile> local = new TreeMap<>();
    files.forEach(f -> local.put(f.path(), f));
    LateHashes.whereKeyed(new LocalTree(share), local, keyed);
    return local;
  }

  @Test
  void onlyTheFilesAKeySharesAPathWithAreHashedAndKeepTheirStamp() throws IOException {
    Files.writeString(share.resolve("keyed.txt"), "k\n");
    Files.writeString(share.resolve("local-only.txt"), "l\n");
    LocalFile keyed = scanned("keyed.txt");
    LocalFile localOnly = scanned("local-only.txt");

    Map<String, LocalFile> local = hashedWhereKeyed(List.of(keyed, localOnly), Set.of("keyed.txt"));

    assertEquals(
        new LocalFile(
            "keyed.txt", new Content(DigestUtils.sha256Hex("k\n"), 2, 0644), keyed.stamp()),
        local.get("keyed.txt"));
    assertEquals(localOnly, local.get("local-only.txt"), "left unhashed");
  }

  @Test
  void aFileChangedSinceTheScanIsHashedAsItIsNowWithNoStampToTrust() throws IOException {
    Files.writeString(share.resolve("a.txt"), "before\n");
    LocalFile a = scanned("a.txt");
    Files.writeString(share.resolve("a.txt"), "after, longer\n");

    Map<String, LocalFile> local = hashedWhereKeyed(List.of(a), Set.of("a.txt"));

    assertEquals(
        new LocalFile(
            "a.txt",
            new Content(DigestUtils.sha256Hex("after, longer\n"), 14, 0644),
            new Stamp(0, -1, 0)),
        local.get("a.txt"));
    Path file = share.resolve("a.txt");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
    assertFalse(
        local.get("a.txt").stamp().sameFileAs(Stamps.read(file)),
        "no stamp matches the unknown one, not even a file dated at the epoch");
  }

  @Test
  void aFileGoneOrSwappedForASymlinkSinceTheScanIsLeftOut() throws IOException {
    Files.writeString(share.resolve("gone.txt"), "g\n");
    Files.writeString(share.resolve("swapped.txt"), "s\n");
    Files.writeString(outside.resolve("secret.txt"), "outside\n");
    List<LocalFile> files = List.of(scanned("gone.txt"), scanned("swapped.txt"));
    Files.delete(share.resolve("gone.txt"));
    Files.delete(share.resolve("swapped.txt"));
    Files.createSymbolicLink(share.resolve("swapped.txt"), outside.resolve("secret.txt"));

    Map<String, LocalFile> local = hashedWhereKeyed(files, Set.of("gone.txt", "swapped.txt"));

    assertEquals(
        Map.of(), local, "neither is a file the scan would list, and nothing outside is read");
  }
}
