package io.fileconsul.model;

import io.fileconsul.testing.Kv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads what a node's directory and the prefix really hold, independently of fileconsul. */
final class Observe {
  private Observe() {}

  /** Flags fileconsul writes for 0755 ("FC" marker and the mode); anything else reads as 0644. */
  static final long EXEC_FLAGS = 0x46430000L | 0755;

  static final long PLAIN_FLAGS = 0x46430000L | 0644;

  /** Every regular file below {@code dir} except .fileconsul/ and pull's temp files. */
  static Map<String, String> local(Path dir) {
    Map<String, String> out = new TreeMap<>();
    for (Path p : files(dir)) {
      String rel = dir.relativize(p).toString();
      if (rel.startsWith(".fileconsul/") || isTemp(p)) {
        continue;
      }
      try {
        boolean exec =
            Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)
                .contains(PosixFilePermission.OWNER_EXECUTE);
        out.put(rel, Values.of(Files.readString(p, StandardCharsets.UTF_8), exec));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** Pull's temp files ({@code .fileconsul-<16 hex>.tmp}) left below {@code dir}. */
  static List<String> temps(Path dir) {
    List<String> out = new ArrayList<>();
    for (Path p : files(dir)) {
      if (isTemp(p)) {
        out.add(dir.relativize(p).toString());
      }
    }
    return out;
  }

  private static boolean isTemp(Path p) {
    return p.getFileName().toString().matches("\\.fileconsul-[0-9a-f]{16}\\.tmp");
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The prefix's keys as paths (prefix and slash cut off), raw: the caller decides what is ours.
   */
  static Map<String, String> remote(Kv kv, String prefix) {
    Map<String, String> out = new TreeMap<>();
    for (Kv.Entry e : kv.list(prefix + "/").values()) {
      boolean exec = (e.flags() & 0xffff0000L) == 0x46430000L && (e.flags() & 0100) != 0;
      out.put(e.key().substring(prefix.length() + 1), Values.of(e.text(), exec));
    }
    return out;
  }
}
