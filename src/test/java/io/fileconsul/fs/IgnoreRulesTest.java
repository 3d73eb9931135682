package io.fileconsul.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IgnoreRulesTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}: {1} ignored {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*.swp|a.swp|true",
        "*.swp|deep/dir/a.swp|true",
        "secret/|secret/key|true",
        "secret/|other/secret/key|true",
        "/top|top|true",
        "/top|sub/top|false",
        "doc/*.txt|doc/a.txt|true",
        "doc/*.txt|x/doc/a.txt|false",
        "**/logs|logs/x|true",
        "**/logs|a/b/logs/x|true",
        "a/**/b|a/b|true",
        "*.log\\n!keep.log|keep.log|false",
        "*.log\\n!keep.log|other.log|true",
        "# comment|# comment|false",
        "\\#hash|#hash|true",
        "\\!bang|!bang|true",
        "trailing   |trailing|true",
        "dir/\\n!dir/keep|dir/keep|true", // a file in an excluded directory stays excluded, as in
        // git
      })
  void rulesFollowGitignore(String text, String path, boolean expected) {
    IgnoreRules rules =
        IgnoreRules.parse(text.replace("\\n", "\n"), dir.resolve(IgnoreRules.FILE_NAME));
    assertEquals(expected, rules.ignored(path));
  }

  @Test
  void aDirectoryOnlyRuleSparesAFileOfThatName() {
    IgnoreRules rules = IgnoreRules.parse("build/\n", dir);
    assertEquals(false, rules.ignoredEntry("build", false));
    assertEquals(true, rules.ignoredEntry("build", true));
  }

  @Test
  void aPathologicalRuleFromConsulFinishes() throws IOException {
    Files.writeString(dir.resolve(IgnoreRules.FILE_NAME), ("*a".repeat(20) + "*b\n").repeat(100));
    IgnoreRules rules = IgnoreRules.load(dir);
    assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> assertEquals(false, rules.ignored("a".repeat(200))));
  }

  /**
   * Found writing IgnoreRulesFuzzTest (an input built at its caps broke its 2 s guard; 30 s of
   * fuzzing had not got there): a path from Consul was checked by matching every rule against each
   * of its directories in turn, splitting each again, so a deep key cost depth x depth x rules: 409
   * of the rules below took 4 s for one 1 KiB key, and at the limits below minutes per key. Now one
   * pass per rule covers all of a path's directories.
   */
  @Test
  void aDeepKeyAgainstTheMostRulesIsCheckedInLinearTime() {
    IgnoreRules rules =
        IgnoreRules.parse(
            "**/b/**/c\n".repeat(IgnoreRules.MAX_RULES).getBytes(StandardCharsets.UTF_8),
            "the key fc/.fileconsulignore");
    String deep = "a/".repeat(2046) + "c"; // 4,093 bytes: the longest path a key can name
    String matching = "a/".repeat(2045) + "b/c";
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          assertEquals(false, rules.ignored(deep));
          assertEquals(true, rules.ignored(matching));
        });
  }

  @Test
  void aSymlinkIsRefusedNotFollowed() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside"), "*\n");
    Path share = Files.createDirectory(dir.resolve("share"));
    Files.createSymbolicLink(share.resolve(IgnoreRules.FILE_NAME), outside);
    assertRefused(share, "is a symlink");
  }

  @Test
  void aSymlinkToDevZeroIsRefusedWithoutReadingIt() throws IOException {
    Files.createSymbolicLink(dir.resolve(IgnoreRules.FILE_NAME), Path.of("/dev/zero"));
    assertRefused(dir, "is a symlink");
  }

  @Test
  void aFifoIsRefusedWithoutOpeningIt() throws Exception {
    mkfifo(dir.resolve(IgnoreRules.FILE_NAME));
    assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> assertRefused(dir, "is not a regular file"));
  }

  @Test
  void anOversizedFileIsRefused() throws IOException {
    Files.write(dir.resolve(IgnoreRules.FILE_NAME), new byte[IgnoreRules.MAX_BYTES + 1]);
    assertRefused(dir, "over the 65536-byte limit");
  }

  @Test
  void tooManyRulesAreRefused() throws IOException {
    Files.writeString(dir.resolve(IgnoreRules.FILE_NAME), "x\n".repeat(IgnoreRules.MAX_RULES + 1));
    assertRefused(dir, "more than 2000 rules");
  }

  @Test
  void anInvalidRuleIsRefusedWithItsLine() throws IOException {
    Files.writeString(dir.resolve(IgnoreRules.FILE_NAME), "ok\n[z-a]\n");
    assertRefused(dir, "invalid rule on line 2");
  }

  private static void assertRefused(Path basepath, String why) {
    FileconsulException e =
        assertThrows(FileconsulException.class, () -> IgnoreRules.load(basepath));
    assertEquals(ExitCode.REFUSED, e.exitCode());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  static void mkfifo(Path p) throws IOException, InterruptedException {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertEquals(0, mk.waitFor());
  }
}
