package io.fileconsul.cli;

import io.fileconsul.app.Snapshot;
import io.fileconsul.app.Workspace;
import io.fileconsul.core.ExitCode;
import io.fileconsul.sync.PathFilter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = FileconsulCommand.Version.class,
    description = {
      "Show what differs between the share directory and the KV prefix, and which side changed.",
      "Exit 0 when in sync, 1 when anything differs."
    })
final class StatusCommand extends SessionCommand {
  @Option(
      names = "--stale",
      description =
          "Let any server answer the listing, not only the leader (spreads the load of a"
              + " fleet); one older than this directory's last sync is read again from the leader.")
  boolean stale;

  @Option(names = "--porcelain", description = "One stable 'XY path' line per differing path.")
  boolean porcelain;

  @Option(names = "--json", description = "The same data as a JSON document.")
  boolean json;

  @Parameters(
      paramLabel = "PATTERN",
      arity = "0..*",
      description = "Only these paths, e.g. 'config/*' (* stays in a directory, ** crosses).")
  List<String> patterns = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = out();
    try (Session s = openSession()) {
      Workspace ws = stale ? s.workspace.readingStale() : s.workspace;
      Snapshot snap = ws.snapshot(PathFilter.of(patterns));
      ws.refreshRecord(snap);
      if (connection.debug && snap.remoteFromRecord()) {
        err()
            .println(
                "debug: the remote side is the sync record's: the"
                    + " prefix's index and keys are what it last saw, so no value was read");
      } else if (connection.debug && snap.remoteRangesRead() > 0) {
        err()
            .println(
                "debug: "
                    + snap.remoteRangesRead()
                    + " key range(s) whose index moved were read with their values; the rest of"
                    + " the remote side is the sync record's");
      }
      warn(snap.warnings());
      if (json) {
        StatusView.json(out, snap, s.address, s.sync.prefix(), s.sync.basepath().toString());
      } else if (porcelain) {
        StatusView.porcelain(out, snap);
      } else {
        StatusView.human(out, snap, s.where());
      }
      out.flush();
      return (snap.plan().inSync() ? ExitCode.OK : ExitCode.DIFFERENCES).code();
    }
  }
}
