package io.fileconsul.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*.json|a.json|true",
        "*.json|dir/a.json|false",
        "a*b|ab|true",
        "a*b|a/b|false",
        "?|é|true",
        "?|ab|false",
        "[abc]x|bx|true",
        "[!abc]x|bx|false",
        "[^abc]x|dx|true",
        "[a-c]|b|true",
        "[]]|]|true",
        "[a\\]]|]|true",
        "[ab|[ab|true",
        "\\*|*|true",
        "\\*|x|false",
        "\\?|?|true",
        "**/b|b|true",
        "**/b|x/y/b|true",
        "x/**/b|x/b|true",
        "x/**/b|x/y/z/b|true",
        "x/**/b|y/x/b|false",
        "x/**|x|false",
        "x/**|x/a|true",
        "x/**|x/a/b|true",
        "**|a/b|true",
        "a**b|axxb|true",
        "a**b|a/b|false",
        "*a*a*b|aaab|true",
        "*a*a*b|aaba|false",
        "日本/*|日本/語|true",
      })
  void wildcardsFollowGitignore(String pattern, String path, boolean expected) {
    assertEquals(expected, Glob.compile(pattern).matches(path));
  }

  @Test
  void aBackwardsRangeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Glob.compile("[z-a]"));
  }

  @Test
  void patternsThatMakeRegexesBacktrackStayFast() {
    // A regex took 49.6 s for this one with a 200-character name; one more *a took over 60 s.
    String pattern = "*a".repeat(40) + "*b";
    String name = "a".repeat(250);
    String deep = "**/".repeat(60) + "b";
    String path = String.join("/", java.util.Collections.nCopies(1000, "a"));
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (int i = 0; i < 100; i++) {
            assertFalse(Glob.compile(pattern).matches(name));
            assertFalse(Glob.compile(deep).matches(path));
          }
        });
  }

  /** Bit j: the first j names match; the same answers as matches() on each prefix, in one pass. */
  @ParameterizedTest(name = "{0} over {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a/**|a/b/c|{2, 3}",
        "**/b|b/b/x|{1, 2}",
        "a/**/b|a/b/x/b|{2, 4}",
        "a/b|a/b/c|{2}",
        "x/a|a/a/a|{}",
        "*|a/b|{1}",
        "**|a/b|{1, 2}",
      })
  void prefixMatchesAgreeWithMatchingEachPrefix(String pattern, String path, String bits) {
    Glob g = Glob.compile(pattern);
    java.util.BitSet expected = new java.util.BitSet();
    for (int j = 1, i = 0; i >= 0; j++) {
      i = path.indexOf('/', i + (j == 1 ? 0 : 1));
      if (g.matches(i < 0 ? path : path.substring(0, i))) {
        expected.set(j);
      }
    }
    assertEquals(expected, g.prefixMatches(Glob.names(path)));
    assertEquals(bits, expected.toString());
  }
}
