package io.fileconsul.cli;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** The one place where failures become an "error: ..." line and an exit code. */
final class ExitCodes implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final FileconsulCommand root;

  ExitCodes(FileconsulCommand root) {
    this.root = root;
  }

  /** The contract, for --help. */
  static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode c : ExitCode.values()) {
      // As "%2d" (codes are 0..99), without String.format: its first call loads locale data,
      // a measurable part of a short run's startup.
      list.put((c.code() < 10 ? " " : "") + c.code(), c.meaning());
    }
    return list;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    if (ex instanceof ParameterException pe) {
      return handleParseException(pe, parsed.originalArgs().toArray(new String[0]));
    }
    ExitCode code;
    String message;
    PrintWriter err = cmd.getErr();
    if (ex instanceof FileconsulException fe) {
      code = fe.exitCode();
      message = fe.getMessage();
      fe.alsoReported().forEach(problem -> err.println("error: " + root.redact(problem)));
    } else if (ex instanceof UncheckedIOException io) {
      code = ExitCode.LOCAL_IO;
      message = io.getCause().toString();
    } else {
      code = ExitCode.INTERNAL;
      message = "internal error: " + ex + " (a bug; please report it with the --debug output)";
    }
    err.println("error: " + root.redact(message));
    if (debug(parsed)) {
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      err.print(root.redact(trace.toString()));
    }
    err.flush();
    return code.code();
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + root.redact(ex.getMessage()) + "; see '"
        + cmd.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return ExitCode.USAGE.code();
  }

  private static boolean debug(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
