package io.fileconsul.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LocalTree never follows a symlink, whichever operation meets it (see SymlinkRaceTest for the
 * race).
 */
class LocalTreeTest {
  @TempDir Path share;
  @TempDir Path outside;
  private LocalTree tree;

  @BeforeEach
  void aShareWithASymlinkOut() throws IOException {
    tree = new LocalTree(share);
    Files.createSymbolicLink(share.resolve("link"), outside);
    Files.writeString(outside.resolve("victim"), "outside");
    Files.writeString(outside.resolve(".fileconsul-0123456789abcdef.tmp"), "outside");
  }

  @Test
  void writesCreateDirectoriesAndDeletesRemoveThemUpToBasepath() throws IOException {
    tree.write("a/b/c.txt", new byte[] {'x'}, 0640);
    assertEquals("x", Files.readString(share.resolve("a/b/c.txt")));
    assertEquals(0640, FileModes.toInt(Files.getPosixFilePermissions(share.resolve("a/b/c.txt"))));
    assertEquals("x", new String(tree.read("a/b/c.txt")));
    assertEquals(Optional.of(1L), tree.stat("a/b/c.txt").map(LocalTree.Stat::size));

    tree.delete("a/b/c.txt");

    assertTrue(Files.notExists(share.resolve("a")), "empty directories are removed");
    assertTrue(Files.isDirectory(share), "basepath itself stays");
    tree.delete("a/b/c.txt"); // already gone: nothing to do
    assertEquals(List.of("link"), names(share), "no temp directory or file is left behind");
  }

  /**
   * A pull writes on several threads. renameat replaces an empty directory, so two writers making
   * the same new directory at once could leave one's file in a directory unlinked under it: lost.
   */
  @Test
  void filesWrittenAtOnceIntoTheSameNewDirectoriesAreAllKept() throws Exception {
    tree.deferDirectorySyncs();
    for (int round = 0; round < 20; round++) {
      String dir = "r" + round + "/a/b";
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(8);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String path = dir + "/f" + t;
        writes.add(
            pool.submit(
                () -> {
                  start.await();
                  return tree.write(path, path.getBytes(), 0644);
                }));
      }
      for (java.util.concurrent.Future<?> w : writes) {
        w.get();
      }
      pool.shutdown();
      assertEquals(
          8,
          names(share.resolve(dir)).size(),
          "files in " + dir + ": " + names(share.resolve(dir)));
    }
    tree.syncDirectories();
    assertEquals(21, names(share).size(), "no temp directory is left in basepath: " + names(share));
  }

  @Test
  void nothingIsWrittenReadOrDeletedThroughASymlink() throws IOException {
    IOException w =
        assertThrows(IOException.class, () -> tree.write("link/new/f", new byte[0], 0644));
    assertEquals(
        "refusing link/new/f: link is a symlink, and symlinks are never followed", w.getMessage());
    assertThrows(IOException.class, () -> tree.write("link", new byte[0], 0644));
    assertThrows(IOException.class, () -> tree.delete("link/victim"));
    assertThrows(IOException.class, () -> tree.delete("link"));
    assertThrows(IOException.class, () -> tree.read("link/victim"));
    assertEquals(Optional.empty(), tree.stat("link/victim"));
    assertThrows(
        IOException.class,
        () -> tree.removeLeftover(share.resolve("link/.fileconsul-0123456789abcdef.tmp")));

    assertEquals(List.of(".fileconsul-0123456789abcdef.tmp", "victim"), names(outside));
    assertTrue(Files.isSymbolicLink(share.resolve("link")));
  }

  @Test
  void onlyTempFilesAreRemovedAsLeftovers() throws IOException {
    Files.createDirectories(share.resolve("d"));
    Files.writeString(share.resolve("d/.fileconsul-0123456789abcdef.tmp"), "left");
    Files.writeString(share.resolve("d/notes.txt"), "mine");

    tree.removeLeftover(share.resolve("d/.fileconsul-0123456789abcdef.tmp"));
    assertThrows(IOException.class, () -> tree.removeLeftover(share.resolve("d/notes.txt")));
    assertThrows(IOException.class, () -> tree.removeLeftover(outside.resolve("victim")));

    assertEquals(List.of("notes.txt"), names(share.resolve("d")));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
