package io.fileconsul.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "fileconsul", mixinStandardHelpOptions = true,
    versionProvider = FileconsulCommand.Version.class,
    subcommands = {StatusCommand.class, DiffCommand.class, PushCommand.class, PullCommand.class,
        WatchCommand.class, picocli.CommandLine.HelpCommand.class},
    description = "Keeps a directory of small files identical on every node of a Consul cluster,"
        + " one KV entry per file under a prefix.")
final class FileconsulCommand implements Runnable {
  private final CliContext context;
  private final List<String> secrets = new ArrayList<>();
  @picocli.CommandLine.Spec CommandSpec spec;

  FileconsulCommand(CliContext context) {
    this.context = context;
  }

  CliContext context() {
    return context;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  void addSecret(String secret) {
    if (!secret.isEmpty()) {
      secrets.add(secret);
    }
  }

  /** Every output line that might echo input passes through here: no token ever leaves. */
  String redact(String s) {
    String r = s;
    for (String secret : secrets) {
      r = r.replace(secret, "<redacted>");
    }
    return r;
  }

  void warn(CommandSpec command, List<String> warnings) {
    PrintWriter err = command.commandLine().getErr();
    warnings.forEach(w -> err.println("warning: " + ExitCodes.oneLine(redact(w))));
    err.flush();
  }

  /** The jar's Implementation-Version. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = FileconsulCommand.class.getPackage().getImplementationVersion();
      return new String[] {"fileconsul " + (v == null ? "(development build)" : v)};
    }
  }
}
