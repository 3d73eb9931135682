package io.fileconsul.core;

/**
 * A failure the user can act on. The message is one line saying what happened and what to do; the
 * CLI prints it as "error: ..." and exits with {@link #exitCode()}. It must never contain a token.
 */
public class FileconsulException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ExitCode exitCode;

  public FileconsulException(ExitCode exitCode, String message) {
    this(exitCode, message, null);
  }

  public FileconsulException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
