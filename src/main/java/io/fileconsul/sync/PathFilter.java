package io.fileconsul.sync;

import java.util.List;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Path patterns from the command line ({@code 'config/*'}). A pattern selects the paths it
 * matches and everything below a directory it matches; {@code *} stays within one directory,
 * {@code **} crosses them. No patterns selects everything.
 */
public final class PathFilter {
  private final List<Pattern> patterns;

  private PathFilter(List<Pattern> patterns) {
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

  public boolean matches(String path) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (Pattern p : patterns) {
      if (p.matcher(path).matches()) {
        return true;
      }
      for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
        if (p.matcher(path.substring(0, i)).matches()) {
          return true;
        }
      }
    }
    return false;
  }

  static Pattern compile(String g) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '[') {
        int end = g.indexOf(']', i + 1);
        if (end < 0) {
          re.append("\\[");
        } else {
          String body = g.substring(i + 1, end).replace("\\", "\\\\");
          re.append('[').append(body.startsWith("!") ? "^" + body.substring(1) : body).append(']');
          i = end;
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    try {
      return Pattern.compile(re.toString());
    } catch (PatternSyntaxException e) {
      throw new FileconsulException(ExitCode.USAGE, "invalid path pattern '" + g + "': "
          + e.getDescription());
    }
  }
}
