package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.Launcher;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bin/fileconsul gives the JVM a 16 MiB young generation, unless JAVA_OPTS sizes the heap: with a
 * heap smaller than that the JVM would warn on every run.
 *
 * <pre>
 * $ JAVA_OPTS=-Xmx8m fileconsul --version
 * fileconsul 0.1.0-SNAPSHOT
 * [exit 0, nothing on stderr]
 * </pre>
 */
class LauncherHeapIT {
  private static final Pattern YOUNG_16M =
      Pattern.compile("MaxNewSize\\s+=\\s+16777216\\s+\\{product\\} \\{command line\\}");

  @TempDir Path dir;

  @Test
  void theYoungGenerationIs16MiB() {
    Launcher.Result r =
        new Launcher(Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal")).run(dir, "--version");

    assertEquals(0, r.exit(), r.toString());
    assertTrue(YOUNG_16M.matcher(r.out()).find(), "the launcher's -Xmn16m in force");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-Xmx8m", "-Xms8m -Xmx8m", "-XX:MaxHeapSize=8m", "-XX:MaxRAM=64m"})
  void aHeapSizedInJavaOptsIsLeftAsGiven(String javaOpts) {
    Launcher.Result r = new Launcher(Map.of("JAVA_OPTS", javaOpts)).run(dir, "--version");

    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.err(), "no JVM warning about the young generation");
    assertTrue(r.out().startsWith("fileconsul "), r.toString());
  }
}
