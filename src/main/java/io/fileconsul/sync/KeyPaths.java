package io.fileconsul.sync;

import io.fileconsul.core.PathText;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Maps relative paths to KV keys and back. Keys come from Consul and are untrusted: a key that
 * could address anything outside basepath, or that no file system can hold, is rejected here.
 */
public final class KeyPaths {
  /** Holds the sync record and lock; never synced in either direction. */
  public static final String STATE_DIR = ".fileconsul";

  private static final int MAX_SEGMENT_BYTES = 255;

  /** Linux PATH_MAX, 4096 bytes with the terminating NUL: no longer path can be opened. */
  public static final int MAX_PATH_BYTES = 4095;

  private static final java.util.regex.Pattern TEMP_NAME =
      java.util.regex.Pattern.compile("\\.fileconsul-[0-9a-f]{16}\\.tmp");

  /** The name of a pull's temp file (see fs.AtomicWriter): never synced in either direction. */
  public static boolean isTempName(String fileName) {
    return TEMP_NAME.matcher(fileName).matches();
  }

  private KeyPaths() {}

  /**
   * A mapped key: a path to sync, a folder marker to skip quietly, or an unsafe key to warn about.
   */
  public sealed interface Mapping {}

  public record SyncPath(String path) implements Mapping {}

  public record FolderMarker() implements Mapping {}

  public record Unsafe(String reason) implements Mapping {}

  public static String key(String prefix, String path) {
    return prefix + "/" + path;
  }

  /** Maps a key from a listing of {@code prefix + "/"} to the relative path it names. */
  public static Mapping map(String prefix, String key) {
    return map(prefix, key, 1);
  }

  /**
   * As {@link #map(String, String)}, also refusing a path too long to create under a share
   * directory whose absolute path is {@code basepathBytes} long: pull would otherwise create its
   * directories and then fail on the file, leaving them behind.
   */
  public static Mapping map(String prefix, String key, int basepathBytes) {
    Mapping m = mapRelative(prefix, key);
    if (m instanceof SyncPath p) {
      return lengthProblem(basepathBytes, p.path()).<Mapping>map(Unsafe::new).orElse(m);
    }
    return m;
  }

  /** Why {@code path} cannot be opened under a basepath of that many bytes, or empty. */
  public static Optional<String> lengthProblem(int basepathBytes, String path) {
    long total = basepathBytes + 1L + path.getBytes(StandardCharsets.UTF_8).length;
    return total > MAX_PATH_BYTES
        ? Optional.of(
            "path of "
                + total
                + " bytes with the share directory, over the "
                + MAX_PATH_BYTES
                + "-byte limit")
        : Optional.empty();
  }

  private static Mapping mapRelative(String prefix, String key) {
    if (!key.startsWith(prefix + "/")) {
      return new Unsafe("outside the prefix");
    }
    String rest = key.substring(prefix.length() + 1);
    if (rest.isEmpty() || rest.endsWith("/") && unsafeReason(stripTrailing(rest)).isEmpty()) {
      return new FolderMarker();
    }
    return unsafeReason(rest).<Mapping>map(Unsafe::new).orElseGet(() -> new SyncPath(rest));
  }

  private static String stripTrailing(String s) {
    String r = s;
    while (r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    return r.isEmpty() ? "." : r;
  }

  /** Why a relative path may not be synced, or empty when it is safe. */
  public static Optional<String> unsafeReason(String path) {
    if (path.startsWith("/")) {
      return Optional.of("absolute path");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (PathText.isControl(c)) {
        return Optional.of("control character");
      }
      if (c == '\\') {
        return Optional.of("backslash");
      }
      // A key parsed from JSON may hold half a pair ("\ud800"): no file can have that name.
      if (Character.isHighSurrogate(c)
          && i + 1 < path.length()
          && Character.isLowSurrogate(path.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of("a lone UTF-16 surrogate (not Unicode text)");
      }
    }
    String[] segments = path.split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        return Optional.of("empty path segment");
      }
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of("'" + segment + "' path segment");
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        return Optional.of("path segment longer than " + MAX_SEGMENT_BYTES + " bytes");
      }
      // In any segment: the scanner takes a temp-named directory for a killed run's leftover,
      // so a file below one would read as deleted and push would delete its key.
      if (isTempName(segment)) {
        return Optional.of("the name of fileconsul's temp files");
      }
    }
    // Under the shortest share directory, "/", a path can have one byte less than PATH_MAX.
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES - 1) {
      return Optional.of("path longer than " + (MAX_PATH_BYTES - 1) + " bytes");
    }
    if (segments[0].equals(STATE_DIR)) {
      return Optional.of("reserved for fileconsul's own state");
    }
    return Optional.empty();
  }

  /** Validates and normalises a --prefix: no leading or trailing slash, no unsafe segments. */
  public static Optional<String> prefixProblem(String prefix) {
    if (prefix.isEmpty()) {
      return Optional.of("the prefix is empty (that would be the whole KV store)");
    }
    return unsafeReason(prefix).map(r -> "the prefix has an unsafe part: " + r);
  }
}
