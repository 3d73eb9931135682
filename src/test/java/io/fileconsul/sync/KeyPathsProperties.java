package io.fileconsul.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.core.PathText;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Keys and paths over arbitrary Unicode (control characters, separators, dots and surrogates
 * included): what KeyPaths accepts maps back to the same path, and nothing it accepts could leave
 * the share directory or land in its state directory.
 */
class KeyPathsProperties {
  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> nasty =
        Arbitraries.of(
            "..", ".", "", "/", "\\", "\u0000", "\u007f", "\u0085", ".fileconsul", "\ud800", "a");
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(12);
    return Arbitraries.oneOf(nasty, any).list().ofMaxSize(4).map(l -> String.join("/", l));
  }

  @Property(tries = 5000)
  void whatIsAcceptedRoundTripsAndIsSafe(@ForAll("names") String path) {
    KeyPaths.Mapping m = KeyPaths.map("fc", KeyPaths.key("fc", path), 20);
    if (!(m instanceof KeyPaths.SyncPath p)) {
      return;
    }
    assertEquals(path, p.path(), "the key of a path maps back to that path");
    assertFalse(
        p.path().isEmpty() || p.path().startsWith("/") || p.path().endsWith("/"),
        "[" + p.path().codePoints().mapToObj(Integer::toHexString).toList() + "]");
    for (String segment : p.path().split("/", -1)) {
      assertFalse(segment.isEmpty() || segment.equals(".") || segment.equals(".."), p.path());
    }
    assertFalse(p.path().contains("\\"), p.path());
    assertTrue(p.path().codePoints().noneMatch(PathText::isControl), p.path());
    // The state directory lives at the top only; a nested ".fileconsul" is an ordinary name.
    assertFalse(p.path().split("/")[0].equals(KeyPaths.STATE_DIR), p.path());
  }

  @Property(tries = 3000)
  void aKeyOutsideThePrefixIsNeverASyncPath(@ForAll("names") String rest) {
    KeyPaths.Mapping m = KeyPaths.map("fc", "fcx/" + rest, 20);
    assertFalse(m instanceof KeyPaths.SyncPath, String.valueOf(m));
  }
}
