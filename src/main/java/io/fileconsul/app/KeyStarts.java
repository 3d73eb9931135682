package io.fileconsul.app;

import java.util.List;

/** The key starts a ChangedRanges walk may ask about, and how it splits a range. */
final class KeyStarts {
  private KeyStarts() {}

  /**
   * Whether a URL path can name the range: Consul's HTTP server answers a path with an empty, "."
   * or ".." segment with a redirect to the cleaned path, which is another range ("d//a" is not
   * "d/a"). Keys with such segments are unsafe ones, only warned about; a start ending in "." or
   * ".." is also the common start of names like ".a" and ".b", which is split instead.
   */
  static boolean sendable(String start) {
    String[] segments = start.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.isEmpty() && i < segments.length - 1 || s.equals(".") || s.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** Whether only the last segment ("d/." or "d/..") keeps it from being sent: then it is split. */
  static boolean onlyItsLastSegmentIsDots(String start) {
    String head = start.substring(0, start.lastIndexOf('/') + 1);
    return sendable(head);
  }

  /** The longest start that {@code keys} (sorted, all starting with {@code start}) share. */
  static String commonStart(String start, List<String> keys) {
    String first = keys.get(0);
    String last = keys.get(keys.size() - 1);
    int n = start.length();
    int max = Math.min(first.length(), last.length());
    while (n < max && first.charAt(n) == last.charAt(n)) {
      n++;
    }
    if (n > start.length() && Character.isHighSurrogate(first.charAt(n - 1))) {
      n--; // never half a character
    }
    return first.substring(0, n);
  }
}
