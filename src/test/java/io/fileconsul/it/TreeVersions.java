package io.fileconsul.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Numbered versions of a test tree in which every file is recognisable by its hash: version v has
 * {@code stable} files under fixed names (new bytes and a new size in every version) and {@code
 * extra} files whose names belong to v alone, so going from v to v+1 modifies, adds and deletes.
 * Contents are generated from (path, version), so two versions never share bytes and any mix of two
 * (a torn file) matches neither hash.
 */
final class TreeVersions {
  static final String TEMP_PREFIX = ".fileconsul-";
  static final String TEMP_SUFFIX = ".tmp";

  private final int stable;
  private final int extra;
  private final int minBytes;
  private final int maxBytes;

  TreeVersions(int stable, int extra, int minBytes, int maxBytes) {
    this.stable = stable;
    this.extra = extra;
    this.minBytes = minBytes;
    this.maxBytes = maxBytes;
  }

  /** Path to bytes, sorted by path. */
  Map<String, byte[]> version(int v) {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < stable; i++) {
      String path = String.format("d%d/file-%03d.bin", i % 4, i);
      files.put(path, content(path, v));
    }
    for (int i = 0; i < extra; i++) {
      String path = String.format("v%04d/extra-%d.bin", v, i);
      files.put(path, content(path, v));
    }
    return files;
  }

  private byte[] content(String path, int v) {
    Random r = new Random(path.hashCode() * 1_000_003L + v);
    byte[] header =
        ("fileconsul test tree: " + path + " version " + v + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] data = new byte[minBytes + r.nextInt(maxBytes - minBytes + 1)];
    r.nextBytes(data);
    System.arraycopy(header, 0, data, 0, Math.min(header.length, data.length));
    return data;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isTempName(String fileName) {
    return fileName.startsWith(TEMP_PREFIX) && fileName.endsWith(TEMP_SUFFIX);
  }

  /** Makes {@code dir} hold exactly {@code files} (temp files and .fileconsul/ are left alone). */
  static void writeTree(Path dir, Map<String, byte[]> files) {
    try {
      for (Map.Entry<String, byte[]> e : readTree(dir).entrySet()) {
        if (!files.containsKey(e.getKey())) {
          Files.delete(dir.resolve(e.getKey()));
        }
      }
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        Path p = dir.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The synced files under {@code dir}: no temp files, nothing under .fileconsul/. */
  static Map<String, byte[]> readTree(Path dir) {
    Map<String, byte[]> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = dir.relativize(p).toString();
        if (!rel.startsWith(".fileconsul/") && !isTempName(p.getFileName().toString())) {
          out.put(rel, Files.readAllBytes(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Temp files left in {@code dir} outside .fileconsul/ (by a killed pull, or planted). */
  static long tempFiles(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> isTempName(p.getFileName().toString()))
          .filter(p -> !dir.relativize(p).toString().startsWith(".fileconsul/"))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How one side looks after an interrupted change from {@code before} to {@code after}. */
  record Verdict(int whollyOld, int whollyNew, int absent, Map<String, String> problems) {
    boolean mixed() {
      return whollyOld > 0 && whollyNew > 0;
    }
  }

  /**
   * Checks each path against the two versions: present bytes must be wholly one of them, and a path
   * may be absent only where one version lacks it. Anything else (a torn file, a file lost although
   * both versions have it, a path neither has) is a problem.
   */
  static Verdict judge(
      Map<String, byte[]> actual, Map<String, byte[]> before, Map<String, byte[]> after) {
    Map<String, String> problems = new TreeMap<>();
    int old = 0;
    int neu = 0;
    int absent = 0;
    TreeSet<String> paths = new TreeSet<>();
    Stream.of(actual, before, after).forEach(m -> paths.addAll(m.keySet()));
    for (String path : paths) {
      Optional<String> now = Optional.ofNullable(actual.get(path)).map(TreeVersions::sha256);
      Optional<String> b = Optional.ofNullable(before.get(path)).map(TreeVersions::sha256);
      Optional<String> a = Optional.ofNullable(after.get(path)).map(TreeVersions::sha256);
      if (now.isEmpty()) {
        if (b.isPresent() && a.isPresent()) {
          problems.put(path, "lost: absent, but both versions have it");
        } else {
          absent++;
        }
      } else if (now.equals(a)) {
        neu++;
      } else if (now.equals(b)) {
        old++;
      } else if (b.isEmpty() && a.isEmpty()) {
        problems.put(path, "unexpected: neither version has this path");
      } else {
        problems.put(
            path,
            "torn: "
                + actual.get(path).length
                + " bytes matching neither version"
                + " (old "
                + (b.isPresent() ? before.get(path).length + " bytes" : "absent")
                + ", new "
                + (a.isPresent() ? after.get(path).length + " bytes" : "absent")
                + ")");
      }
    }
    return new Verdict(old, neu, absent, problems);
  }
}
