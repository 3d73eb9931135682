package io.fileconsul.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * Runs one fileconsul command in this JVM, for tests outside this package that need hundreds of
 * runs (a JVM start per run would cost them most of their time budget). Not a terminal, no stdin.
 */
public final class InProcess {
  private InProcess() {}

  /** Exit code and both streams of one run. */
  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  public static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            Map.copyOf(env), new ByteArrayInputStream(new byte[0]), Set.of(), Clock.systemUTC());
    int exit = Main.run(context, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(exit, out.toString(), err.toString());
  }
}
