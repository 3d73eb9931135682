package io.fileconsul.cli;

import io.fileconsul.app.Puller;
import io.fileconsul.app.SyncResult;
import io.fileconsul.app.SyncSettings;
import io.fileconsul.consul.Listing;
import io.fileconsul.sync.PathFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "pull", mixinStandardHelpOptions = true,
    versionProvider = FileconsulCommand.Version.class, description = {
    "Write remote additions and modifications into the share directory (atomically, with their"
        + " modes), and delete files whose keys were deleted since the last sync. A file changed"
        + " locally since the last sync is never overwritten (exit 3). Prints nothing when there is"
        + " nothing to do, so it suits a consul watch handler."})
final class PullCommand implements Callable<Integer> {
  @ParentCommand FileconsulCommand root;
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(names = {"-n", "--dry-run"}, description = "Print what would be pulled; write nothing.")
  boolean dryRun;

  @Option(names = {"-f", "--force"},
      description = "Overwrite local changes that conflict, and allow deleting more than half of the tracked files.")
  boolean force;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors and warnings.")
  boolean quiet;

  @Option(names = "--stdin", negatable = true, description = "Read the remote side from a consul"
      + " watch -type=keyprefix payload on stdin instead of from Consul. Default: on when"
      + " CONSUL_INDEX is set and stdin is not a terminal, as when consul watch runs the handler.")
  Boolean stdin;

  @Parameters(paramLabel = "PATTERN", arity = "0..*", description = "Only these paths.")
  List<String> patterns = new ArrayList<>();

  @Override
  public Integer call() {
    boolean handlerRun = useStdin();
    try (Session s = Session.open(root, connection, SyncSettings.CONSUL_MAX_VALUE_SIZE,
        spec.commandLine().getErr(), handlerRun)) {
      Puller puller = new Puller(s.workspace, quiet ? io.fileconsul.app.Progress.NONE : Session.progress(root.context(), spec.commandLine().getErr()));
      Optional<Listing> payload = handlerRun ? Optional.of(WatchPayload.read(root.context(), s.sync.prefix()))
          : Optional.empty();
      SyncResult r = puller.pull(PathFilter.of(patterns), new Puller.Options(dryRun, force), payload);
      root.warn(spec, r.warnings());
      ResultView.print(spec.commandLine().getOut(), r, s.where(),
          quiet ? Verbosity.QUIET : Verbosity.CHANGES);
      return ExitCodes.report(spec.commandLine().getErr(), root, r.outcome(), connection.debug);
    }
  }

  private boolean useStdin() {
    CliContext ctx = root.context();
    return stdin != null ? stdin : ctx.env("CONSUL_INDEX").isPresent() && !ctx.isTerminal(CliContext.Stream.STDIN);
  }
}
