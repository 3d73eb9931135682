package io.fileconsul.model;

/**
 * What the model knows of one path on one side: its content and whether it is executable, in one
 * string, or {@link #ABSENT}. Contents are unique per write, so any value names the write it came
 * from, and a torn file is one whose content was never written.
 */
final class Values {
  static final String ABSENT = "<absent>";

  private Values() {}

  static String of(String content, boolean exec) {
    return content + (exec ? "|x" : "|-");
  }

  static String content(String value) {
    return value.substring(0, value.length() - 2);
  }

  static boolean exec(String value) {
    return value.endsWith("|x");
  }

  static boolean present(String value) {
    return !ABSENT.equals(value);
  }

  /** A short form for messages: the write's tag and the mode, not 100 KB of content. */
  static String brief(String value) {
    if (!present(value)) {
      return "absent";
    }
    String c = content(value);
    int dash = c.indexOf('\n');
    String tag = dash < 0 ? c : c.substring(0, dash);
    return (tag.length() > 24 ? tag.substring(0, 24) : tag) + (exec(value) ? "(+x)" : "");
  }
}
