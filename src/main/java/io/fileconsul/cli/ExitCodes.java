package io.fileconsul.cli;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.LocalErrors;
import io.fileconsul.core.Outcome;
import io.fileconsul.core.PathText;
import io.fileconsul.core.Problem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** The one place where failures become an "error: ..." line and an exit code. */
final class ExitCodes implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final Redactor redactor;

  ExitCodes(Redactor redactor) {
    this.redactor = redactor;
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
    } else if (ex instanceof UncheckedIOException unchecked) {
      code = ExitCode.LOCAL_IO;
      message = LocalErrors.describe(unchecked.getCause());
    } else {
      code = ExitCode.INTERNAL;
      message = "internal error: " + ex + " (a bug; please report it with the --debug output)";
    }
    err.println(errorLine(redactor, message));
    if (debug(parsed)) {
      printTrace(err, redactor, ex);
    }
    err.flush();
    return code.code();
  }

  /**
   * What a push or pull met part-way, after its result was printed: one line per problem, the
   * decisive one last; returns the exit code they add up to (the precedence is {@link Outcome}'s).
   */
  static int report(PrintWriter err, Redactor redactor, Outcome outcome, boolean debug) {
    outcome.inReportOrder().forEach(p -> err.println(errorLine(redactor, p.message())));
    if (debug) {
      outcome.decisive().flatMap(Problem::cause).ifPresent(t -> printTrace(err, redactor, t));
    }
    err.flush();
    return outcome.exitCode().code();
  }

  /** "error: what happened; what to do", one line, never holding a secret. */
  static String errorLine(Redactor redactor, String message) {
    return "error: " + oneLine(redactor.redact(message));
  }

  private static void printTrace(PrintWriter err, Redactor redactor, Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    err.print(redactor.redact(trace.toString()));
  }

  @Override
  public int handleParseException(ParameterException parsed, String[] args) {
    ParameterException ex = asUnmatched(parsed);
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(
        errorLine(redactor, what(ex, name))
            + "; "
            + suggestion(ex, name)
            + "see '"
            + name
            + " --help'");
    err.flush();
    return ExitCode.USAGE.code();
  }

  /**
   * "help statu": picocli's help command reports an unknown command in its own words and without a
   * suggestion; as an unmatched argument of the parent it reads as "fileconsul statu" does.
   */
  private static ParameterException asUnmatched(ParameterException ex) {
    java.util.regex.Matcher m = UNKNOWN_SUBCOMMAND.matcher(String.valueOf(ex.getMessage()));
    if (ex instanceof UnmatchedArgumentException || !m.matches()) {
      return ex;
    }
    return new UnmatchedArgumentException(ex.getCommandLine(), List.of(m.group(1)));
  }

  private static final java.util.regex.Pattern UNKNOWN_SUBCOMMAND =
      java.util.regex.Pattern.compile("Unknown subcommand '(.*)'\\.?");

  /**
   * picocli's text, except for a word at a command's place, which git and consul call a command.
   */
  private static String what(ParameterException ex, String name) {
    if (ex instanceof UnmatchedArgumentException u
        && !u.isUnknownOption()
        && !u.getCommandLine().getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty()) {
      return "'" + u.getUnmatched().get(0) + "' is not a " + name + " command";
    }
    return ex.getMessage().replaceAll("\\.$", "");
  }

  /**
   * "did you mean ...? ", as git does for a mistyped command or option; empty when none is near.
   */
  private static String suggestion(ParameterException ex, String name) {
    if (!(ex instanceof UnmatchedArgumentException u)) {
      return "";
    }
    List<String> near = u.getSuggestions();
    if (near.isEmpty()) {
      return "";
    }
    boolean command = !u.isUnknownOption() && !u.getCommandLine().getSubcommands().isEmpty();
    return "did you mean '" + (command ? name + " " : "") + near.get(0) + "'? ";
  }

  /**
   * The one-line rule, enforced where errors are printed: JDK exception texts and Consul bodies may
   * hold line breaks, and a key or path may hold other control characters (shown as \xNN, as
   * warnings show keys).
   */
  static String oneLine(String s) {
    String t = s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ").replace('\t', ' ');
    StringBuilder b = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isISOControl(c)) {
        // by hand: String.format's first call loads locale data (see helpList)
        b.append("\\x")
            .append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 0xf, 16));
      } else if (PathText.needsEscape(c)) {
        // a bidi override or line separator from a server's text would reorder or split the
        // line a terminal shows
        b.append("\\u").append(Integer.toHexString(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
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
