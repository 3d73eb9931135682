package io.fileconsul.sync;

import java.util.List;
import java.util.regex.Pattern;

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
    return new PathFilter(globs.stream().map(PathFilter::compile).toList());
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

  static Pattern compile(String glob) {
    String g = glob;
    while (g.startsWith("./")) {
      g = g.substring(2);
    }
    while (g.endsWith("/") && g.length() > 1) {
      g = g.substring(0, g.length() - 1);
    }
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
    return Pattern.compile(re.toString());
  }
}
