package io.fileconsul.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.fs.AtomicWriter;
import io.fileconsul.sync.KeyPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;

/** A share directory in a test: files with fixed modes, and what is in it afterwards. */
final class ShareDir {
  private final Path root;

  ShareDir(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  void write(String path, byte[] bytes) {
    try {
      Path p = root.resolve(path);
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SHA-256 of every synced file by relative path; fileconsul's own state is left out. */
  Map<String, String> hashes() {
    Map<String, String> out = new TreeMap<>();
    for (Path p : files()) {
      String rel = root.relativize(p).toString();
      if (!rel.startsWith(KeyPaths.STATE_DIR + "/")) {
        try {
          out.put(rel, DigestUtils.sha256Hex(Files.readAllBytes(p)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out;
  }

  /** Leftovers of an interrupted atomic write, anywhere, the state directory included. */
  void assertNoTempFiles() {
    assertEquals(
        List.of(),
        files().stream().filter(p -> AtomicWriter.isTempName(p.getFileName().toString())).toList());
  }

  private List<Path> files() {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
