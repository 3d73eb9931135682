package io.fileconsul.cli;

import io.fileconsul.app.Progress;
import io.fileconsul.core.Outcome;
import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every command that works on a share directory and a store shares: the connection options,
 * the streams, opening the session, and printing warnings, progress and problems.
 */
abstract class SessionCommand implements Callable<Integer> {
  @ParentCommand FileconsulCommand root;
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  CliContext context() {
    return root.context();
  }

  Redactor redactor() {
    return root.redactor();
  }

  /** A session with the store's own value limit. */
  Session openSession() {
    return openSession(OptionalLong.empty());
  }

  /**
   * A session refusing files over {@code maxValueSize} (push --max-value-size), else the store's
   * limit.
   */
  Session openSession(OptionalLong maxValueSize) {
    return openSession(maxValueSize, false);
  }

  /**
   * @param handlerRun a consul watch handler: see {@link Session#open}
   */
  Session openSession(OptionalLong maxValueSize, boolean handlerRun) {
    return Session.open(context(), redactor(), connection, maxValueSize, err(), handlerRun);
  }

  /** Progress on stderr with a carriage return, only when stderr is a terminal and not --quiet. */
  Progress progress(boolean quiet) {
    if (quiet || !context().isTerminal(CliContext.Stream.STDERR)) {
      return Progress.NONE;
    }
    PrintWriter err = err();
    return (verb, done, total) -> {
      err.print("\r" + verb + " " + done + "/" + total + (done == total ? "\n" : ""));
      err.flush();
    };
  }

  void warn(List<String> warnings) {
    PrintWriter err = err();
    warnings.forEach(w -> err.println("warning: " + ExitCodes.oneLine(redactor().redact(w))));
    err.flush();
  }

  /** Prints a push's or pull's problems and returns the exit code they add up to. */
  int report(Outcome outcome) {
    return ExitCodes.report(err(), redactor(), outcome, connection.debug);
  }
}
