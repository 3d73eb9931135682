package io.fileconsul.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point; the only place that exits the JVM. */
public final class Main {
  /**
   * Apache HttpClient logs through commons-logging, which first searches for a logging library and
   * then hands its records to java.util.logging, whose console handler prints INFO and above on
   * stderr: nothing fileconsul wants shown (its errors are one line each, made in ExitCodes).
   * Without the search, status on 100 files took 0.95x and 0.98x in two A/Bs of 15 interleaved
   * runs: at the noise, but never slower. Set unless the user set one.
   */
  static {
    String log = "org.apache.commons.logging.Log";
    if (System.getProperty(log) == null) {
      System.setProperty(log, "org.apache.commons.logging.impl.NoOpLog");
    }
    // picocli registers a converter for each java.time and java.sql type by loading and
    // initialising the class, every run: MonthDay's formatter alone was 9 ms of a 100-file status.
    // No option of ours has such a type (durations have their own converters, cli/Durations).
    // One pattern, since picocli compiles each one for each of the 17 types it checks.
    String converters = "picocli.converters.excludes";
    if (System.getProperty(converters) == null) {
      System.setProperty(converters, "java\\.(time|sql)\\..*");
    }
  }

  private Main() {}

  public static void main(String[] args) {
    WarmUp.start(FileconsulCommand.needed(args));
    PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(CliContext.system(), out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
    Redactor redactor = new Redactor(); // this run's secrets, whoever prints
    CommandLine cl = new CommandLine(new FileconsulCommand(context, redactor));
    for (Class<?> sub : FileconsulCommand.needed(args)) {
      cl.addSubcommand(sub);
    }
    ExitCodes exitCodes = new ExitCodes(redactor);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(exitCodes);
    cl.setParameterExceptionHandler(exitCodes);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    for (CommandLine c : cl.getSubcommands().values()) {
      c.getCommandSpec()
          .usageMessage()
          .exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(ExitCodes.helpList());
    }
    cl.getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.helpList());
    return cl.execute(args);
  }
}
