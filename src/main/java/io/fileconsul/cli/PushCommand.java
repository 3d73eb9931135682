package io.fileconsul.cli;

import io.fileconsul.app.Pusher;
import io.fileconsul.app.SyncResult;
import io.fileconsul.sync.PathFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    versionProvider = FileconsulCommand.Version.class,
    description = {
      "Upload local additions and modifications, and delete keys of files deleted locally since"
          + " the last sync. Every write is a compare-and-set: a key another writer changed meanwhile"
          + " is never overwritten (exit 3)."
    })
final class PushCommand extends SessionCommand {
  @Mixin WriteOptions write;

  @Option(
      names = "--prune",
      description =
          "Make the remote mirror the local tree exactly: delete keys"
              + " with no local file and overwrite remote changes (for CI pushing a checkout).")
  boolean prune;

  @Option(
      names = "--max-value-size",
      paramLabel = "BYTES",
      description =
          "Refuse files larger than this before writing anything (default: the"
              + " store's limit; for Consul limits.kv_max_value_size, 524288).")
  Long maxValueSize;

  @Parameters(paramLabel = "PATTERN", arity = "0..*", description = "Only these paths.")
  List<String> patterns = new ArrayList<>();

  @Override
  public Integer call() {
    if (maxValueSize != null && maxValueSize < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--max-value-size must not be negative");
    }
    try (Session s =
        openSession(maxValueSize == null ? OptionalLong.empty() : OptionalLong.of(maxValueSize))) {
      Pusher pusher = new Pusher(s.workspace, progress(write.quiet));
      SyncResult r =
          pusher.push(
              PathFilter.of(patterns), new Pusher.Options(write.dryRun, write.force, prune));
      warn(r.warnings());
      ResultView.print(out(), r, s.where(), write.quiet ? Verbosity.QUIET : Verbosity.FULL);
      return report(r.outcome());
    }
  }
}
