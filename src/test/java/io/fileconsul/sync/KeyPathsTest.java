package io.fileconsul.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPathsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "config/app.json",
        "bin/run.sh",
        "we ird#?%é.txt",
        "日本/語",
        "a..b",
        ".hidden",
        "x/.y"
      })
  void safeKeysMapToTheirPath(String path) {
    assertEquals(new KeyPaths.SyncPath(path), KeyPaths.map("fc", "fc/" + path));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "fc/../escape|'..' path segment",
        "fc/a/../../escape|'..' path segment",
        "fc//abs|absolute path",
        "fc/a//b|empty path segment",
        "fc/./a|'.' path segment",
        "fc/a\\b|backslash",
        "fc/.fileconsul/state|reserved for fileconsul's own state",
        "fc/d/.fileconsul-0123456789abcdef.tmp|the name of fileconsul's temp files",
        "fc/.fileconsul-0123456789abcdef.tmp/x|the name of fileconsul's temp files",
        "fcX/file|outside the prefix",
      })
  void unsafeKeysAreRejectedWithAReason(String key, String reason) {
    assertEquals(new KeyPaths.Unsafe(reason), KeyPaths.map("fc", key));
  }

  @Test
  void controlCharactersAndOverlongSegmentsAreUnsafe() {
    assertEquals(new KeyPaths.Unsafe("control character"), KeyPaths.map("fc", "fc/a\nb"));
    assertEquals(new KeyPaths.Unsafe("control character"), KeyPaths.map("fc", "fc/a\u0000b"));
    assertEquals(new KeyPaths.Unsafe("control character"), KeyPaths.map("fc", "fc/a\u0085"));
    assertEquals(
        new KeyPaths.Unsafe("path segment longer than 255 bytes"),
        KeyPaths.map("fc", "fc/" + "é".repeat(128)));
  }

  /**
   * Found by KeyPathsFuzzTest: a key holding half a surrogate pair (gson reads "\ud800" in the
   * ?keys answer as one) was a path, but no file can have that name: Java refuses to make a Path of
   * it (InvalidPathException) and its UTF-8 bytes are a '?'. A whole pair (an emoji) is fine.
   */
  @Test
  void aLoneSurrogateIsUnsafeAPairIsNot() {
    assertEquals(
        new KeyPaths.Unsafe("a lone UTF-16 surrogate (not Unicode text)"),
        KeyPaths.map("fc", "fc/a\ud800b"));
    assertEquals(
        new KeyPaths.Unsafe("a lone UTF-16 surrogate (not Unicode text)"),
        KeyPaths.map("fc", "fc/dir/\udc00"));
    assertEquals(new KeyPaths.SyncPath("a\ud83d\ude00"), KeyPaths.map("fc", "fc/a\ud83d\ude00"));
    assertEquals(true, KeyPaths.prefixProblem("team\ud800").isPresent());
  }

  @Test
  void aPathTooLongToOpenUnderTheShareDirectoryIsUnsafe() {
    String path = ("s".repeat(200) + "/").repeat(19) + "f".repeat(100); // 3,919 bytes
    assertEquals(new KeyPaths.SyncPath(path), KeyPaths.map("fc", "fc/" + path, 175));
    assertEquals(
        new KeyPaths.Unsafe(
            "path of 4096 bytes with the share directory, over the" + " 4095-byte limit"),
        KeyPaths.map("fc", "fc/" + path, 176));
    String longest = ("s".repeat(200) + "/").repeat(20) + "f".repeat(74);
    assertEquals(
        new KeyPaths.Unsafe("path longer than 4094 bytes"),
        KeyPaths.map("fc", "fc/" + longest + "f"));
  }

  @Test
  void folderMarkersAreSkippedNotWarnedAbout() {
    assertInstanceOf(KeyPaths.FolderMarker.class, KeyPaths.map("fc", "fc/"));
    assertInstanceOf(KeyPaths.FolderMarker.class, KeyPaths.map("fc", "fc/dir/"));
    assertInstanceOf(KeyPaths.Unsafe.class, KeyPaths.map("fc", "fc/../dir/"));
  }

  @Test
  void prefixesAreValidated() {
    assertEquals(true, KeyPaths.prefixProblem("").isPresent());
    assertEquals(true, KeyPaths.prefixProblem("a/../b").isPresent());
    assertEquals(false, KeyPaths.prefixProblem("team/app").isPresent());
  }
}
