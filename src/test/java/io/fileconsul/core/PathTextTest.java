package io.fileconsul.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PathTextTest {
  @Test
  void ordinaryNamesPrintAsTheyAre() {
    assertEquals("plain/name.txt", PathText.quote("plain/name.txt"));
    assertEquals("with space é 日本", PathText.quote("with space é 日本"));
  }

  @Test
  void controlsSeparatorsAndBidiCharactersAreQuotedAsGitDoes() {
    assertEquals("\"a\\nb\"", PathText.quote("a\nb"));
    assertEquals("\"tab\\there\\r\"", PathText.quote("tab\there\r"));
    assertEquals("\"bell\\adel\\177\"", PathText.quote("bell\u0007del\u007f"));
    assertEquals("\"\\b\\f\\v\"", PathText.quote("\b\f\u000b"));
    assertEquals("\"c1\\302\\205\"", PathText.quote("c1\u0085"));
    assertEquals("\"line\\342\\200\\250sep\"", PathText.quote("line\u2028sep"));
    assertEquals("\"para\\342\\200\\251\"", PathText.quote("para\u2029"));
    assertEquals("\"evil\\342\\200\\256txt.exe\"", PathText.quote("evil\u202etxt.exe"));
    assertEquals("\"iso\\342\\201\\246late\"", PathText.quote("iso\u2066late"));
    assertEquals("\"mark\\342\\200\\217\"", PathText.quote("mark\u200f"));
  }

  @Test
  void quotesAndBackslashesAreQuotedSoPorcelainStaysUnambiguous() {
    assertEquals("\"say \\\"hi\\\"\"", PathText.quote("say \"hi\""));
    assertEquals("\"back\\\\slash\"", PathText.quote("back\\slash"));
  }

  @Test
  void aControlCharacterIsC0DelOrC1AsJavaCountsThem() {
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      assertEquals(Character.isISOControl(c), PathText.isControl(c), "U+" + Integer.toHexString(c));
    }
  }
}
