package io.fileconsul.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathFilterTest {
  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "config/*, config/a.json, true",
    "config/*, config/sub/a.json, true", // a matched directory selects what is below it
    "config/*, configX/a.json, false",
    "config, config/sub/a.json, true",
    "config/, config/a.json, true",
    "./config/*.json, config/a.json, true",
    "*.json, a.json, true",
    "*.json, config/a.json, false",
    "**/*.json, config/sub/a.json, true",
    "bin/?.sh, bin/a.sh, true",
    "bin/?.sh, bin/ab.sh, false",
    "bin/[ab].sh, bin/b.sh, true",
    "bin/[!ab].sh, bin/b.sh, false",
    "a+b, a+b, true",
    "**/b, b, true", // as in git: ** also stands for no directory
    "x/**/b, x/b, true",
    "x/**/b, x/y/b, true",
    "x/**/b, xy/b, false",
  })
  void globsSelectPaths(String glob, String path, boolean expected) {
    assertEquals(expected, PathFilter.of(List.of(glob)).matches(path));
  }

  @org.junit.jupiter.api.Test
  void noPatternAndTheDirectoryItselfSelectEverything() {
    assertEquals(true, PathFilter.of(List.of()).matches("any/path"));
    assertEquals(true, PathFilter.of(List.of(".")).matches("any/path"));
    assertEquals(true, PathFilter.of(List.of("./")).matches("top"));
  }

  @org.junit.jupiter.api.Test
  void anInvalidPatternIsAUsageError() {
    io.fileconsul.core.FileconsulException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.fileconsul.core.FileconsulException.class, () -> PathFilter.of(List.of("[z-a]")));
    assertEquals(io.fileconsul.core.ExitCode.USAGE, e.exitCode());
  }
}
