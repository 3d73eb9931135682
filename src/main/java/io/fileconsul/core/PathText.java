package io.fileconsul.core;

import java.nio.charset.StandardCharsets;

/**
 * How a path is printed anywhere a person or a script reads it (status, porcelain, diff headers,
 * warnings), as git quotes paths: a name holding a character that could break a line or reorder
 * what a terminal shows, or a {@code "} or {@code \}, is printed in double quotes with C escapes
 * ({@code \t \n \r \" \\}) and every other such character as its UTF-8 bytes in octal ({@code
 * \342\200\256}). Other names are printed as they are.
 */
public final class PathText {
  private PathText() {}

  public static String quote(String path) {
    if (path.codePoints().noneMatch(c -> needsEscape(c) || c == '"' || c == '\\')) {
      return path;
    }
    StringBuilder b = new StringBuilder(path.length() + 8).append('"');
    path.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x07 -> b.append("\\a"); // git's quote_c_style writes these five as letters
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case 0x0b -> b.append("\\v");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                  if (needsEscape(c)) {
                    for (byte x : Character.toString(c).getBytes(StandardCharsets.UTF_8)) {
                      b.append(String.format("\\%03o", x & 0xff));
                    }
                  } else {
                    b.appendCodePoint(c);
                  }
                }
              }
            });
    return b.append('"').toString();
  }

  /**
   * A C0 or C1 control or DEL: the one test of "control character", both for quoting a path and for
   * refusing a key (KeyPaths), so the two can never disagree on what one is.
   */
  public static boolean isControl(int c) {
    return c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f;
  }

  /**
   * Controls (see {@link #isControl}); the line and paragraph separators U+2028/2029; the bidi
   * controls (U+200E/200F marks, U+202A-202E embeddings and overrides, U+2066-2069 isolates), which
   * make a terminal show a name other than the one on disk.
   */
  public static boolean needsEscape(int c) {
    return isControl(c)
        || c == 0x2028
        || c == 0x2029
        || c == 0x200e
        || c == 0x200f
        || c >= 0x202a && c <= 0x202e
        || c >= 0x2066 && c <= 0x2069;
  }
}
