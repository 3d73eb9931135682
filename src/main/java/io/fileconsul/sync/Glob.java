package io.fileconsul.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A gitignore-style wildcard over '/'-separated paths: {@code *} and {@code ?} within a segment,
 * {@code [...]} classes ({@code !} or {@code ^} negates, ranges, {@code \} escapes), {@code \x}
 * literals, and {@code **} as a whole segment for zero or more directories (at the end: one or
 * more, so {@code a/**} is what is inside a). Patterns come from Consul too (a synced ignore file),
 * so matching never backtracks beyond the last star: O(pattern length x path length) at worst,
 * where a regex can take exponential time ({@code *a*a*a*a*b}).
 */
public final class Glob {
  /** One token array per segment; {@link #STAR_SEGMENT} (by identity) for {@code **}. */
  private final List<int[]> segments;

  private Glob(List<int[]> segments) {
    this.segments = segments;
  }

  /**
   * Compiles a pattern without a leading or trailing '/'.
   *
   * @throws IllegalArgumentException for a character range written backwards ({@code [z-a]})
   */
  public static Glob compile(String pattern) {
    List<int[]> segments = new ArrayList<>();
    for (String s : pattern.split("/", -1)) {
      if (s.equals("**")) {
        if (segments.isEmpty() || segments.get(segments.size() - 1) != STAR_SEGMENT) {
          segments.add(STAR_SEGMENT); // a/**/**/b is a/**/b
        }
      } else {
        segments.add(tokens(s));
      }
    }
    if (segments.get(segments.size() - 1) == STAR_SEGMENT) {
      segments.add(tokens("*")); // a trailing ** needs something inside the directory
    }
    return new Glob(List.copyOf(segments));
  }

  private static final int[] STAR_SEGMENT = new int[0];

  public boolean matches(String path) {
    String[] names = path.split("/", -1);
    int p = 0;
    int t = 0;
    int starP = -1;
    int starT = -1;
    int n = segments.size();
    while (t < names.length) {
      if (p < n && segments.get(p) == STAR_SEGMENT) {
        starP = p++;
        starT = t;
      } else if (p < n && segmentMatches(segments.get(p), names[t])) {
        p++;
        t++;
      } else if (starP >= 0) {
        p = starP + 1;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (p < n && segments.get(p) == STAR_SEGMENT) {
      p++;
    }
    return p == n;
  }

  /** A path split into its names once (and each into code points), to match against many globs. */
  public static final class Names {
    private final int[][] names;

    private Names(String path) {
      String[] split = path.split("/", -1);
      names = new int[split.length][];
      for (int i = 0; i < split.length; i++) {
        names[i] = split[i].codePoints().toArray();
      }
    }

    private Names(int[] name) {
      names = new int[][] {name};
    }

    public int size() {
      return names.length;
    }
  }

  public static Names names(String path) {
    return new Names(path);
  }

  /** Whether the name at {@code i} alone matches, as {@code matches(name)} would answer. */
  public boolean matchesName(Names path, int i) {
    return segments.size() == 1
        ? segmentMatches(segments.get(0), path.names[i])
        : prefixMatches(new Names(path.names[i])).get(1); // "**", the one such rule without '/'
  }

  /**
   * Which leading parts of a path match, all in one pass: bit j is set when its first j names
   * joined by '/' match (j from 1). The same language as {@link #matches}, run as a set of pattern
   * positions over the names, so it costs O(names x pattern) however many of the prefixes are asked
   * about, where calling {@code matches} on each prefix costs names x names.
   */
  public BitSet prefixMatches(Names path) {
    int n = segments.size();
    BitSet out = new BitSet(path.size() + 1);
    boolean[] active = new boolean[n + 1];
    boolean[] next = new boolean[n + 1];
    active[0] = true;
    closeOverStars(active);
    for (int t = 0; t < path.size(); t++) {
      Arrays.fill(next, false);
      boolean any = false;
      for (int p = 0; p < n; p++) {
        if (!active[p]) {
          continue;
        }
        if (segments.get(p) == STAR_SEGMENT) {
          next[p] = true; // ** takes this name and may take more
          any = true;
        } else if (segmentMatches(segments.get(p), path.names[t])) {
          next[p + 1] = true;
          any = true;
        }
      }
      if (!any) {
        break; // no longer prefix can match either
      }
      closeOverStars(next);
      boolean[] was = active;
      active = next;
      next = was;
      if (active[n]) {
        out.set(t + 1);
      }
    }
    return out;
  }

  /** A ** segment also matches no name: the position after it is active with it. */
  private void closeOverStars(boolean[] active) {
    for (int p = 0; p < segments.size(); p++) {
      if (active[p] && segments.get(p) == STAR_SEGMENT) {
        active[p + 1] = true;
      }
    }
  }

  // Token encoding, one int each: a code point >= 0 is a literal; ANY and STAR are negative;
  // CLASS is followed by a negation flag, a range count, then the ranges as (low, high) pairs.
  private static final int ANY = -1;
  private static final int STAR = -2;
  private static final int CLASS = -3;

  /**
   * Greedy match, retrying from the last star only: each (token, char) pair is tried once per star.
   */
  private static boolean segmentMatches(int[] tokens, String name) {
    return segmentMatches(tokens, name.codePoints().toArray());
  }

  private static boolean segmentMatches(int[] tokens, int[] text) {
    int p = 0;
    int t = 0;
    int starP = -1;
    int starT = -1;
    while (t < text.length) {
      if (p < tokens.length && tokens[p] == STAR) {
        starP = ++p;
        starT = t;
      } else if (p < tokens.length && matchesOne(tokens, p, text[t])) {
        p = next(tokens, p);
        t++;
      } else if (starP >= 0) {
        p = starP;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (p < tokens.length && tokens[p] == STAR) {
      p++;
    }
    return p == tokens.length;
  }

  private static boolean matchesOne(int[] tokens, int p, int c) {
    int tok = tokens[p];
    if (tok >= 0) {
      return tok == c;
    }
    if (tok == ANY) {
      return true;
    }
    boolean negated = tokens[p + 1] == 1;
    int ranges = tokens[p + 2];
    for (int i = 0; i < ranges; i++) {
      if (c >= tokens[p + 3 + 2 * i] && c <= tokens[p + 4 + 2 * i]) {
        return !negated;
      }
    }
    return negated;
  }

  private static int next(int[] tokens, int p) {
    return tokens[p] == CLASS ? p + 3 + 2 * tokens[p + 2] : p + 1;
  }

  private static int[] tokens(String segment) {
    int[] cs = segment.codePoints().toArray();
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < cs.length; i++) {
      int c = cs[i];
      if (c == '\\' && i + 1 < cs.length) {
        out.add(cs[++i]);
      } else if (c == '*') {
        if (out.isEmpty() || out.get(out.size() - 1) != STAR) {
          out.add(STAR); // ** inside a segment is just *
        }
      } else if (c == '?') {
        out.add(ANY);
      } else if (c == '[') {
        int end = parseClass(cs, i, out);
        if (end < 0) {
          out.add((int) '['); // no closing bracket: a literal, as in git
        } else {
          i = end;
        }
      } else {
        out.add(c);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Appends a class starting at cs[open] == '[' and returns the index of its ']', or -1. */
  private static int parseClass(int[] cs, int open, List<Integer> out) {
    int i = open + 1;
    boolean negated = i < cs.length && (cs[i] == '!' || cs[i] == '^');
    if (negated) {
      i++;
    }
    List<Integer> ranges = new ArrayList<>();
    boolean first = true;
    while (i < cs.length && (cs[i] != ']' || first)) {
      first = false;
      int low = cs[i];
      if (low == '\\' && i + 1 < cs.length) {
        low = cs[++i];
      }
      int high = low;
      if (i + 2 < cs.length && cs[i + 1] == '-' && cs[i + 2] != ']') {
        i += 2;
        high = cs[i] == '\\' && i + 1 < cs.length ? cs[++i] : cs[i];
        if (high < low) {
          throw new IllegalArgumentException(
              "the range "
                  + Character.toString(low)
                  + "-"
                  + Character.toString(high)
                  + " is backwards");
        }
      }
      ranges.add(low);
      ranges.add(high);
      i++;
    }
    if (i >= cs.length) {
      return -1;
    }
    out.add(CLASS);
    out.add(negated ? 1 : 0);
    out.add(ranges.size() / 2);
    out.addAll(ranges);
    return i;
  }
}
