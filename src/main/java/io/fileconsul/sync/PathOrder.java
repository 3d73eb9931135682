package io.fileconsul.sync;

import java.util.Comparator;

/**
 * Paths in UTF-8 byte order, as git sorts them. String's own order compares UTF-16 units, which
 * puts U+10000 and above (surrogates, 0xD800) before U+E000-U+FFFF; code point order is byte order.
 */
public final class PathOrder {
  private PathOrder() {}

  public static final Comparator<String> BYTES =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int x = a.codePointAt(i);
          int y = b.codePointAt(j);
          if (x != y) {
            return Integer.compare(x, y);
          }
          i += Character.charCount(x);
          j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };
}
