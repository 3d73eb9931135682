package io.fileconsul.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a fuzz target's executions for the FIGURES line: when {@code -Dfuzz.figures=DIR} is set
 * (the fuzz executions in pom.xml set it), the count is written to {@code DIR/<target>.execs} as
 * the JVM exits, which is after libFuzzer's last run whether it ended in time or on a finding.
 */
public final class FuzzRuns {
  private final AtomicLong runs = new AtomicLong();

  private FuzzRuns(String target) {
    String dir = System.getProperty("fuzz.figures");
    if (dir != null) {
      Path file = Path.of(dir, target + ".execs");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> write(file)));
    }
  }

  /** One counter per target; hold it in a static field of the fuzz test class. */
  public static FuzzRuns of(String target) {
    return new FuzzRuns(target);
  }

  /** Call first in the target: one execution. */
  public void tick() {
    runs.incrementAndGet();
  }

  private void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, runs.get() + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
