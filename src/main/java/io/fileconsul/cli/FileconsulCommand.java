package io.fileconsul.cli;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "fileconsul",
    mixinStandardHelpOptions = true,
    versionProvider = FileconsulCommand.Version.class,
    description =
        "Keeps a directory of small files identical on every node of a Consul cluster,"
            + " one KV entry per file under a prefix.")
final class FileconsulCommand implements Runnable {
  /**
   * The subcommands, in the order help lists them. Main registers them (not the annotation), so a
   * run of one command builds only that command's model: picocli reflects over every option of
   * every registered command when the CommandLine is made, 79-88 ms of a 270 ms pull of 100 files.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  /** The subcommands a run with {@code args} needs: all, unless it names one that runs alone. */
  static Collection<Class<?>> needed(String[] args) {
    if (args.length > 0 && SINGLE.contains(args[0])) {
      return List.of(SUBCOMMANDS.get(args[0]));
    }
    return SUBCOMMANDS.values();
  }

  /**
   * Commands that never look at their siblings: completion prints the whole tree and help names the
   * others, so those two (and anything not a command name, an option or a typo) get them all.
   */
  private static final Set<String> SINGLE = Set.of("status", "diff", "push", "pull", "watch");

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("status", StatusCommand.class);
    m.put("diff", DiffCommand.class);
    m.put("push", PushCommand.class);
    m.put("pull", PullCommand.class);
    m.put("watch", WatchCommand.class);
    m.put("completion", CompletionCommand.class);
    m.put("help", picocli.CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(m);
  }

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
