package io.fileconsul.core;

import java.util.Optional;

/**
 * One thing that went wrong part-way through a run, as a value: its exit code, its one-line message
 * ("what happened; what to do"), and the exception it came from, for --debug's trace.
 */
public record Problem(ExitCode exitCode, String message, Optional<Throwable> cause) {
  public Problem(ExitCode exitCode, String message) {
    this(exitCode, message, Optional.empty());
  }

  /** A failure an adapter threw (Consul went away, a file could not be read) as a value. */
  public static Problem of(FileconsulException e) {
    return new Problem(e.exitCode(), e.getMessage(), Optional.of(e));
  }
}
