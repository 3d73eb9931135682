package io.fileconsul.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A failure the user can act on. The message is one line saying what happened and what to do; the
 * CLI prints it as "error: ..." and exits with {@link #exitCode()}. It must never contain a token.
 */
public class FileconsulException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ExitCode exitCode;
  private final List<String> alsoReported;

  public FileconsulException(ExitCode exitCode, String message) {
    this(exitCode, message, null, List.of());
  }

  public FileconsulException(ExitCode exitCode, String message, Throwable cause) {
    this(exitCode, message, cause, List.of());
  }

  private FileconsulException(ExitCode exitCode, String message, Throwable cause,
      List<String> alsoReported) {
    super(message, cause);
    this.exitCode = exitCode;
    this.alsoReported = List.copyOf(alsoReported);
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  /**
   * This failure, also reporting a lesser problem of the same run (say, conflicts left alone by a
   * pull that then failed to write a file): each is printed on its own line, and this failure's
   * exit code stands.
   */
  public FileconsulException alsoReporting(String problem) {
    List<String> all = new ArrayList<>(alsoReported);
    all.add(problem);
    FileconsulException e = new FileconsulException(exitCode, getMessage(), getCause(), all);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** Lesser problems of the same run, printed before this one. */
  public List<String> alsoReported() {
    return alsoReported;
  }
}
