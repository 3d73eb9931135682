package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.Launcher;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bin/fileconsul runs one C1 compiler thread, unless JAVA_OPTS chooses the JIT: full tiering with
 * one compiler thread is refused by the JVM ("CICompilerCount (1) must be at least 2"), so a user's
 * -XX:TieredStopAtLevel=4 must still start.
 *
 * <pre>
 * $ JAVA_OPTS=-XX:TieredStopAtLevel=4 fileconsul --version
 * fileconsul 0.1.0-SNAPSHOT
 * [exit 0]
 * </pre>
 */
class LauncherJitIT {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-XX:TieredStopAtLevel=4",
        "-XX:+TieredCompilation",
        "-XX:CICompilerCount=2",
        "-XX:CompilationMode=high-only"
      })
  void everyJitChoiceInJavaOptsStarts(String javaOpts) {
    Launcher.Result r = new Launcher(Map.of("JAVA_OPTS", javaOpts)).run(dir, "--version");

    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("fileconsul "), r.toString());
  }
}
