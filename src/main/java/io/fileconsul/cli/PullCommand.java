package io.fileconsul.cli;

import io.fileconsul.app.GivenRemote;
import io.fileconsul.app.Puller;
import io.fileconsul.app.SyncResult;
import io.fileconsul.app.WatchMetrics;
import io.fileconsul.sync.PathFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    versionProvider = FileconsulCommand.Version.class,
    description = {
      "Write remote additions and modifications into the share directory (atomically, with their"
          + " modes), and delete files whose keys were deleted since the last sync. A file changed"
          + " locally since the last sync is never overwritten (exit 3). Prints nothing when there is"
          + " nothing to do, so it suits a consul watch handler."
    })
final class PullCommand extends SessionCommand {
  @Mixin WriteOptions write;
  @Mixin CheckOptions check;

  @Option(
      names = "--stdin",
      negatable = true,
      description =
          "Read the remote side from a consul"
              + " watch -type=keyprefix payload on stdin instead of from Consul. Default: on when"
              + " CONSUL_INDEX is set and stdin is not a terminal, as when consul watch runs the handler.")
  Boolean stdin;

  @Option(
      names = "--stale",
      description =
          "Let any server answer the listing, not only the leader (spreads the load of a"
              + " fleet); one older than this directory's last sync is read again from the leader.")
  boolean stale;

  @Parameters(paramLabel = "PATTERN", arity = "0..*", description = "Only these paths.")
  List<String> patterns = new ArrayList<>();

  @Override
  public Integer call() {
    boolean handlerRun = useStdin();
    try (Session s = openSession(OptionalLong.empty(), handlerRun)) {
      Puller puller =
          new Puller(stale ? s.workspace.readingStale() : s.workspace, progress(write.quiet));
      if (check.command().isPresent()) {
        puller = puller.checkedBy(check.command().get(), check.checkTimeout, WatchMetrics.NONE);
      }
      String prefix = s.sync.prefix();
      Optional<GivenRemote> payload =
          handlerRun
              ? Optional.of(known -> WatchPayload.read(context(), prefix, known))
              : Optional.empty();
      SyncResult r =
          puller.pull(
              PathFilter.of(patterns), new Puller.Options(write.dryRun, write.force), payload);
      warn(r.warnings());
      ResultView.print(out(), r, s.where(), write.quiet ? Verbosity.QUIET : Verbosity.CHANGES);
      return report(r.outcome());
    }
  }

  private boolean useStdin() {
    CliContext ctx = context();
    return stdin != null
        ? stdin
        : ctx.env("CONSUL_INDEX").isPresent() && !ctx.isTerminal(CliContext.Stream.STDIN);
  }
}
