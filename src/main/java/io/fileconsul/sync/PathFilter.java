package io.fileconsul.sync;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.util.List;

/**
 * Path patterns from the command line ({@code 'config/*'}). A pattern selects the paths it matches
 * and everything below a directory it matches; {@code *} stays within one directory, {@code **} as
 * a whole segment crosses them ({@code **}{@code /b} also matches a top-level b, as in git).
 * Matched with {@link Glob}, never a regex. No patterns selects everything.
 */
public final class PathFilter {
  private final List<Glob> patterns;

  private PathFilter(List<Glob> patterns) {
    this.patterns = patterns;
  }

  public static PathFilter of(List<String> globs) {
    List<String> cleaned = globs.stream().map(PathFilter::clean).toList();
    if (cleaned.stream().anyMatch(String::isEmpty)) {
      return all(); // "." or "./" names the whole share directory
    }
    return new PathFilter(cleaned.stream().map(PathFilter::compile).toList());
  }

  private static String clean(String glob) {
    String g = glob;
    while (g.startsWith("./")) {
      g = g.substring(2);
    }
    while (g.endsWith("/")) {
      g = g.substring(0, g.length() - 1);
    }
    return g.equals(".") ? "" : g;
  }

  public static PathFilter all() {
    return new PathFilter(List.of());
  }

  /** True when nothing is filtered out. */
  public boolean selectsAll() {
    return patterns.isEmpty();
  }

  public boolean matches(String path) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (Glob p : patterns) {
      if (p.matches(path)) {
        return true;
      }
      for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
        if (p.matches(path.substring(0, i))) {
          return true;
        }
      }
    }
    return false;
  }

  static Glob compile(String g) {
    try {
      return Glob.compile(g);
    } catch (IllegalArgumentException e) {
      throw new FileconsulException(
          ExitCode.USAGE,
          "invalid path pattern '"
              + g
              + "': "
              + e.getMessage()
              + "; write ranges low to high, as [a-z]");
    }
  }
}
