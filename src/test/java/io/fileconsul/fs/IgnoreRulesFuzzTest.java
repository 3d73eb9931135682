package io.fileconsul.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.testing.FuzzRuns;

/**
 * A .fileconsulignore comes from Consul too (it is synced), so its rules are untrusted, as are the
 * paths they are matched against: parsing gives rules or refuses the file (exit 4), and matching
 * answers without throwing, in time linear in rules times path (README: no regex engine). Inputs
 * are capped (4 KiB of rules, a 1 KiB path); the time bound per call is a hang guard, not a
 * benchmark.
 */
class IgnoreRulesFuzzTest {
  private static final FuzzRuns RUNS = FuzzRuns.of("IgnoreRules");
  private static final long HANG_NANOS = 2_000_000_000L;

  @FuzzTest
  void rulesParseOrRefuseAndMatchInTime(FuzzedDataProvider data) {
    RUNS.tick();
    // the path first, then the rules: a seed is a path, a backslash and one more byte (the end
    // of a FuzzedDataProvider string), then the ignore file
    String path = data.consumeString(1024);
    byte[] file = data.consumeBytes(4096);
    long start = System.nanoTime();
    IgnoreRules rules;
    try {
      rules = IgnoreRules.parse(file, ".fileconsulignore");
    } catch (FileconsulException e) {
      assertEquals(ExitCode.REFUSED, e.exitCode(), e.getMessage());
      return;
    }
    boolean ignored = rules.ignored(path);
    boolean entry = rules.ignoredEntry(path, false);
    rules.ignoredEntry(path, true);
    long took = System.nanoTime() - start;
    assertTrue(took < HANG_NANOS, took / 1_000_000 + " ms for " + path.length() + " chars");
    assertTrue(!entry || ignored, "a path its own rule ignores is ignored: " + path);
    if (path.length() <= 256) { // the reference is quadratic: keep it to short paths
      assertEquals(eachDirectoryInTurn(rules, path), ignored, "one pass agrees with walking down");
    }
    assertEquals(rules.sha256(), IgnoreRules.parse(file, "again").sha256());
    assertTrue(rules.union(rules).ignored(path) == ignored, "a union with itself changes nothing");
  }

  /** What ignored(path) means, as it was computed before it took one pass per rule. */
  private static boolean eachDirectoryInTurn(IgnoreRules rules, String path) {
    for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      if (rules.ignoredEntry(path.substring(0, i), true)) {
        return true;
      }
    }
    return rules.ignoredEntry(path, false);
  }
}
