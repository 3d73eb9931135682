package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.DevAgent;
import io.fileconsul.testing.Kv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys fileconsul would never write, put straight into Consul: a pull must stay inside basepath,
 * skip and name each unsafe key, leave a sibling prefix alone and still apply the good keys.
 */
class HostileKeysIT {
  private static final String P = "hostile";
  private static final byte[] EVIL = "evil\n".getBytes(StandardCharsets.UTF_8);
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  /** Keys that must be skipped with a warning naming them. */
  private static final Map<String, String> UNSAFE = new LinkedHashMap<>();

  static {
    UNSAFE.put("parent segment", P + "/../escape");
    UNSAFE.put("deeper parent segments", P + "/a/../../escape");
    UNSAFE.put("double slash (absolute)", P + "//abs");
    UNSAFE.put("newline", P + "/new\nline");
    UNSAFE.put("tab", P + "/ta\tb");
    UNSAFE.put("U+0001", P + "/soh\u0001x");
    UNSAFE.put("4,000-character key", P + "/" + "k".repeat(4000 - P.length() - 1));
    UNSAFE.put("backslash", P + "/back\\slash");
    UNSAFE.put("state directory", P + "/.fileconsul/state-0000000000000000.json");
  }

  private static final String FOLDER_MARKER = P + "/dir/";
  private static final String SIBLING = P + "X/file";

  @Test
  void pullStaysInsideBasepathWarnsPerUnsafeKeyAndAppliesTheRest(@TempDir Path tmp)
      throws IOException {
    Map<String, String> all = new LinkedHashMap<>(UNSAFE);
    all.put("folder marker", FOLDER_MARKER);
    all.put("sibling prefix", SIBLING);
    List<String> table = new ArrayList<>();
    List<String> accepted = new ArrayList<>();
    for (Map.Entry<String, String> e : all.entrySet()) {
      int put = CONSUL.kv().send("PUT", "/v1/kv/" + pathEncode(e.getValue()), EVIL).statusCode();
      int txn = CONSUL.kv().txnSet(Map.of(e.getValue(), EVIL));
      table.add(String.format("%-24s PUT /v1/kv -> %d, PUT /v1/txn -> %d", e.getKey(), put, txn));
      if (txn == 200 || put == 200) {
        accepted.add(e.getValue());
      }
    }
    System.out.println("[HostileKeysIT] what consul accepted:\n  " + String.join("\n  ", table));
    assertEquals(
        200,
        CONSUL
            .kv()
            .txnSet(
                Map.of(
                    P + "/good.txt",
                    "good\n".getBytes(StandardCharsets.UTF_8),
                    P + "/sub/ok.txt",
                    "ok\n".getBytes(StandardCharsets.UTF_8))));
    Kv.Entry siblingBefore = CONSUL.kv().get(SIBLING).orElseThrow();

    Path share = Files.createDirectories(tmp.resolve("outer/inner/share"));
    Shell sh = Shell.against(CONSUL.agent()).prefix(P).in(share);
    Run pull =
        sh.$("pull")
            .exits(0)
            .outIs(
                "Pulled 2 change(s) from prefix "
                    + P
                    + "/ at "
                    + CONSUL.agent().url()
                    + ", share directory "
                    + share.toRealPath()
                    + ":\n"
                    + "\tnew file:         good.txt\n"
                    + "\tnew file:         sub/ok.txt\n");

    List<String> expectedWarnings =
        UNSAFE.values().stream()
            .filter(accepted::contains)
            .map(k -> "warning: skipping unsafe key " + printable(k) + ": ")
            .toList();
    assertEquals(
        expectedWarnings.size(),
        pull.errLines().size(),
        () -> "one warning per unsafe key in\n" + pull);
    for (String w : expectedWarnings) {
      assertTrue(
          pull.errLines().stream().anyMatch(l -> l.startsWith(w)),
          () -> "no '" + w + "' in\n" + pull);
    }
    assertTrue(accepted.size() > 2, "consul should take at least some of these keys: " + table);

    assertEquals("good\n", Trees.text(share.resolve("good.txt")));
    assertEquals("ok\n", Trees.text(share.resolve("sub/ok.txt")));
    assertEquals(
        List.of(".fileconsul", "good.txt", "sub"), Trees.names(share), "no folder for dir/");
    assertEquals(List.of("outer"), Trees.names(tmp));
    assertEquals(List.of("inner"), Trees.names(tmp.resolve("outer")));
    assertEquals(List.of("share"), Trees.names(tmp.resolve("outer/inner")));
    try (Stream<Path> s = Files.walk(tmp)) {
      List<Path> written =
          s.filter(Files::isRegularFile)
              .filter(f -> !f.startsWith(share.resolve(".fileconsul")))
              .toList();
      assertEquals(
          List.of(share.resolve("good.txt"), share.resolve("sub/ok.txt")),
          written.stream().sorted().toList());
    }
    Kv.Entry siblingAfter = CONSUL.kv().get(SIBLING).orElseThrow();
    assertArrayEquals(siblingBefore.value(), siblingAfter.value());
    assertEquals(siblingBefore.modifyIndex(), siblingAfter.modifyIndex());

    // Skipped keys are not the directory's to delete: a push leaves every one of them in place.
    sh.$("push").exits(0).outIs("Everything up to date.\n");
    Map<String, Kv.Entry> remote = CONSUL.kv().list(P);
    for (String key : accepted) {
      assertTrue(remote.containsKey(key), () -> printable(key) + " should still be in Consul");
    }
    sh.$("status --porcelain").exits(0).outIs("");
  }

  /** Percent-encodes like a careful client, but leaves '.' and '/' alone so Consul sees them. */
  private static String pathEncode(String key) {
    StringBuilder sb = new StringBuilder();
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 128 && (Character.isLetterOrDigit(c) || "-._~/".indexOf(c) >= 0)) {
        sb.append((char) c);
      } else {
        sb.append(String.format("%%%02X", c));
      }
    }
    return sb.toString();
  }

  /**
   * fileconsul's rendering of a key in a warning, as git quotes paths: in double quotes with C
   * escapes (other controls in octal) when it holds a control character, a quote or a backslash.
   */
  private static String printable(String s) {
    if (s.codePoints().noneMatch(c -> c < 0x20 || c == 0x7f || c == '"' || c == '\\')) {
      return s;
    }
    return "\""
        + s.codePoints()
            .mapToObj(
                c ->
                    switch (c) {
                      case '\n' -> "\\n";
                      case '\t' -> "\\t";
                      case '\r' -> "\\r";
                      case '"' -> "\\\"";
                      case '\\' -> "\\\\";
                      default ->
                          c < 0x20 || c == 0x7f
                              ? String.format("\\%03o", c)
                              : new String(Character.toChars(c));
                    })
            .collect(Collectors.joining())
        + "\"";
  }
}
