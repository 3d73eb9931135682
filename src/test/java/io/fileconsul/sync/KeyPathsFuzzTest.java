package io.fileconsul.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fileconsul.core.PathText;
import io.fileconsul.testing.FuzzRuns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Keys from Consul are untrusted: whatever the key, KeyPaths either refuses it or names a path that
 * stays inside the share directory, can be created there, and maps back to the same key. It throws
 * nothing: every key is a value (a path, a folder marker or a reason to skip it).
 */
class KeyPathsFuzzTest {
  private static final FuzzRuns RUNS = FuzzRuns.of("KeyPaths");
  private static final Path BASE = Path.of("/share");
  private static final String[] PREFIXES = {"fileconsul", "team/app", "fc", "\u00e9t\u00e9"};

  @FuzzTest
  void aKeyIsRefusedOrNamesASafePath(FuzzedDataProvider data) {
    RUNS.tick();
    // The prefix is the user's (--prefix, validated); the key is Consul's. Ints come from the
    // input's end, so a seed is a key's text followed by a few bytes.
    String prefix = PREFIXES[data.consumeInt(0, PREFIXES.length - 1)];
    int basepathBytes = data.consumeInt(1, KeyPaths.MAX_PATH_BYTES + 1);
    // FuzzedDataProvider's strings are well-formed UTF-16; a key parsed from JSON need not be
    // ("\ud800" alone), so one raw char, a lone surrogate as often as not, may go in anywhere.
    boolean inject = data.consumeBoolean();
    char raw = data.consumeChar();
    int at = data.consumeInt(0, Integer.MAX_VALUE);
    String rest = data.consumeRemainingAsString();
    if (inject) {
      int i = at % (rest.length() + 1);
      rest = rest.substring(0, i) + raw + rest.substring(i);
    }
    for (String key : new String[] {rest, KeyPaths.key(prefix, rest)}) {
      KeyPaths.Mapping m = KeyPaths.map(prefix, key, basepathBytes);
      if (m instanceof KeyPaths.SyncPath p) {
        assertSafe(p.path(), basepathBytes);
        assertEquals(key, KeyPaths.key(prefix, p.path()), "the path maps back to its key");
      } else if (m instanceof KeyPaths.Unsafe u) {
        assertFalse(u.reason().isBlank(), "a refusal says why");
      } else {
        assertTrue(key.endsWith("/"), "only a key ending in / is a folder marker: " + key);
      }
    }
    // and the other way: a path it calls safe maps to a key that maps back to it
    if (KeyPaths.unsafeReason(rest).isEmpty()
        && KeyPaths.lengthProblem(basepathBytes, rest).isEmpty()) {
      assertEquals(
          new KeyPaths.SyncPath(rest),
          KeyPaths.map(prefix, KeyPaths.key(prefix, rest), basepathBytes));
    }
  }

  private static void assertSafe(String path, int basepathBytes) {
    String shown = PathText.quote(path);
    assertFalse(path.isEmpty() || path.startsWith("/") || path.contains("\\"), shown);
    assertTrue(path.codePoints().noneMatch(PathText::isControl), shown);
    String[] segments = path.split("/", -1);
    assertFalse(segments[0].equals(KeyPaths.STATE_DIR), shown);
    for (String segment : segments) {
      assertFalse(segment.isEmpty() || segment.equals(".") || segment.equals(".."), shown);
      assertFalse(KeyPaths.isTempName(segment), shown);
      assertTrue(segment.getBytes(StandardCharsets.UTF_8).length <= 255, shown);
    }
    byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
    assertEquals(path, new String(utf8, StandardCharsets.UTF_8), "a file name is UTF-8: " + shown);
    assertTrue(basepathBytes + 1L + utf8.length <= KeyPaths.MAX_PATH_BYTES, shown);
    Path resolved = BASE.resolve(path); // throws InvalidPathException for a name no FS holds
    assertEquals(resolved, resolved.normalize(), shown);
    assertTrue(resolved.startsWith(BASE), shown);
  }
}
