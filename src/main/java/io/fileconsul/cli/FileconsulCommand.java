package io.fileconsul.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "fileconsul",
    mixinStandardHelpOptions = true,
    versionProvider = FileconsulCommand.Version.class,
    subcommands = {
      StatusCommand.class,
      DiffCommand.class,
      PushCommand.class,
      PullCommand.class,
      WatchCommand.class,
      CompletionCommand.class,
      picocli.CommandLine.HelpCommand.class
    },
    description =
        "Keeps a directory of small files identical on every node of a Consul cluster,"
            + " one KV entry per file under a prefix.")
final class FileconsulCommand implements Runnable {
  private final CliContext context;
  private final Redactor redactor;
  @picocli.CommandLine.Spec CommandSpec spec;

  /** Holds what Main.run made for the subcommands, which reach it as their parent. */
  FileconsulCommand(CliContext context, Redactor redactor) {
    this.context = context;
    this.redactor = redactor;
  }

  CliContext context() {
    return context;
  }

  Redactor redactor() {
    return redactor;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
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
