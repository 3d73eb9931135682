package io.fileconsul.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.sync.LocalFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull of many files writes them in two halves: staged under temp names, made durable at once,
 * then renamed into place (Puller.STAGE_FROM). Until placed, the file where readers look is the old
 * one; a staged file that is dropped leaves nothing behind.
 */
class StagedWritesTest {
  @TempDir Path share;

  @Test
  void aStagedFileIsInvisibleUntilPlacedThenHasItsBytesModeAndHash() throws IOException {
    LocalTree tree = new LocalTree(share);
    tree.write("d/f.conf", "old\n".getBytes(), 0644);

    LocalTree.Staged staged = tree.stage("d/f.conf", "new\n".getBytes(), 0755, null);

    assertEquals("old\n", Files.readString(share.resolve("d/f.conf")), "readers see the old file");
    assertEquals(2, names(share.resolve("d")).size(), "the old file and one temp beside it");
    assertTrue(AtomicWriter.isTempName(staged.temp().toString()));

    assertEquals(Map.of(), tree.durable(List.of(staged)));
    LocalFile placed = tree.place(staged);

    assertEquals("new\n", Files.readString(share.resolve("d/f.conf")));
    assertEquals(0755, FileModes.toInt(Files.getPosixFilePermissions(share.resolve("d/f.conf"))));
    assertEquals(DigestUtils.sha256Hex("new\n"), placed.content().sha256());
    assertEquals(4, placed.content().size());
    assertEquals(List.of("f.conf"), names(share.resolve("d")), "the temp is gone: renamed");
  }

  @Test
  void aDiscardedStagedFileLeavesNothingAndTheOldFileStays() throws IOException {
    LocalTree tree = new LocalTree(share);
    tree.write("f", "old".getBytes(), 0600);
    LocalTree.Staged staged = tree.stage("f", "new".getBytes(), 0600, "given-hash");

    tree.discard(staged);

    assertEquals(List.of("f"), names(share));
    assertEquals("old", Files.readString(share.resolve("f")));
  }

  @Test
  void aStagedFileWhoseTempVanishedFailsToPlaceAndTheTargetIsUntouched() throws IOException {
    LocalTree tree = new LocalTree(share);
    tree.write("f", "old".getBytes(), 0600);
    LocalTree.Staged staged = tree.stage("f", "new".getBytes(), 0600, null);
    Files.delete(share.resolve(staged.temp().toString())); // as a cleanup by another process would

    assertThrows(IOException.class, () -> tree.place(staged));
    assertEquals("old", Files.readString(share.resolve("f")));
  }

  @Test
  void manyStagedFilesAreMadeDurableTogetherAndPlacedWithDeferredDirectorySyncs()
      throws IOException {
    LocalTree tree = new LocalTree(share);
    tree.deferDirectorySyncs();
    List<LocalTree.Staged> staged = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      staged.add(tree.stage("dir" + i + "/f", ("v" + i).getBytes(), 0644, null));
    }

    assertEquals(Map.of(), tree.durable(staged));
    for (LocalTree.Staged s : staged) {
      tree.place(s);
    }
    tree.syncDirectories(); // 40 directories: one sync of the file system, where available

    for (int i = 0; i < 40; i++) {
      assertEquals("v" + i, Files.readString(share.resolve("dir" + i + "/f")));
      assertEquals(List.of("f"), names(share.resolve("dir" + i)));
    }
  }

  @Test
  void theFileSystemIsSyncedThroughSyncDashFOnlyFromLinux58() {
    assertTrue(FileSystemSync.atLeast58("6.18.44-fc-v857"));
    assertTrue(FileSystemSync.atLeast58("5.8.0"));
    assertTrue(FileSystemSync.atLeast58("5.15.0-91-generic"));
    assertFalse(FileSystemSync.atLeast58("5.4.0-150-generic"));
    assertFalse(FileSystemSync.atLeast58("4.19.0"));
    assertFalse(FileSystemSync.atLeast58(""));
    assertFalse(FileSystemSync.atLeast58(null));
    assertFalse(FileSystemSync.atLeast58("unknown"));
  }

  /** CI and these machines run Linux 6 with coreutils: the one-sync path must be the one tested. */
  @Test
  void onThisMachineTheFileSystemSyncIsAvailableAndSucceeds() {
    assertTrue(FileSystemSync.available(), "Linux >= 5.8 with /usr/bin/sync or /bin/sync");
    assertTrue(FileSystemSync.sync(share));
  }

  /** A host with more waiting for write-back than a pull's budget keeps one fsync per file. */
  @Test
  void whatWaitsForWriteBackIsReadFromProcMeminfo() {
    assertTrue(FileSystemSync.littleToFlush(Long.MAX_VALUE), "Dirty and Writeback were read");
    assertFalse(FileSystemSync.littleToFlush(-1), "any amount is more than a negative budget");
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
