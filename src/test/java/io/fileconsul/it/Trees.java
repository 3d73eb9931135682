package io.fileconsul.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds and reads share directories, ignoring fileconsul's own {@code .fileconsul/}. */
final class Trees {
  private Trees() {}

  /** Writes {@code rel} under {@code base} with exactly the permission bits {@code mode}. */
  static Path write(Path base, String rel, byte[] data, int mode) {
    try {
      Path p = base.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.write(p, data);
      Files.setPosixFilePermissions(p, perms(mode));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path base, String rel, String text) {
    return write(base, rel, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0644);
  }

  static Set<PosixFilePermission> perms(int mode) {
    StringBuilder s = new StringBuilder();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return PosixFilePermissions.fromString(s.toString());
  }

  static int mode(Path p) {
    try {
      int m = 0;
      for (PosixFilePermission perm : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) {
        m |= 1 << (8 - perm.ordinal());
      }
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every regular file under {@code base} (not in .fileconsul/) as path → "sha256 size mode", so
   * two trees compare byte for byte and bit for bit with a readable diff on failure.
   */
  static Map<String, String> fingerprint(Path base) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(base)) {
      s.filter(Files::isRegularFile)
          .filter(p -> !base.relativize(p).startsWith(".fileconsul"))
          .forEach(p -> out.put(base.relativize(p).toString(), fingerprint(read(p), mode(p))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The entries under {@code prefix + "/"} in the same shape as {@link #fingerprint(Path)}, with
   * the mode taken from Flags; Flags without fileconsul's 0x4643 marker show as "flags=N".
   */
  static Map<String, String> fingerprint(
      Map<String, io.fileconsul.testing.Kv.Entry> entries, String prefix) {
    Map<String, String> out = new TreeMap<>();
    entries.forEach(
        (key, e) -> {
          String rel = key.substring(prefix.length() + 1);
          long flags = e.flags();
          out.put(
              rel,
              (flags & ~0777L) == 0x4643_0000L
                  ? fingerprint(e.value(), (int) (flags & 0777))
                  : sha256(e.value()) + " " + e.value().length + " flags=" + flags);
        });
    return out;
  }

  /** Entries as key → "sha256 size flags@ModifyIndex": equal only if nothing was written. */
  static Map<String, String> state(Map<String, io.fileconsul.testing.Kv.Entry> entries) {
    Map<String, String> out = new TreeMap<>();
    entries.forEach(
        (key, e) ->
            out.put(
                key,
                sha256(e.value())
                    + " "
                    + e.value().length
                    + " "
                    + e.flags()
                    + "@"
                    + e.modifyIndex()));
    return out;
  }

  static String fingerprint(byte[] data, int mode) {
    return sha256(data) + " " + data.length + " " + Integer.toOctalString(mode);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(Path p) {
    return new String(read(p), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Entry names directly in {@code dir}, sorted. */
  static java.util.List<String> names(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
