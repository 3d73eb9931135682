package io.fileconsul.cli;

import io.fileconsul.app.Pusher;
import io.fileconsul.app.SyncResult;
import io.fileconsul.app.SyncSettings;
import io.fileconsul.sync.PathFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "push", mixinStandardHelpOptions = true,
    versionProvider = FileconsulCommand.Version.class, description = {
    "Upload local additions and modifications, and delete keys of files deleted locally since"
        + " the last sync. Every write is a compare-and-set: a key another writer changed meanwhile"
        + " is never overwritten (exit 3)."})
final class PushCommand implements Callable<Integer> {
  @ParentCommand FileconsulCommand root;
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(names = {"-n", "--dry-run"}, description = "Print what would be pushed; write nothing.")
  boolean dryRun;

  @Option(names = {"-f", "--force"},
      description = "Overwrite conflicting remote changes, and allow deleting more than half of the tracked keys.")
  boolean force;

  @Option(names = "--prune", description = "Make the remote mirror the local tree exactly: delete keys"
      + " with no local file and overwrite remote changes (for CI pushing a checkout).")
  boolean prune;

  @Option(names = "--max-value-size", paramLabel = "BYTES", defaultValue = "524288",
      description = "Refuse files larger than this before writing anything (Consul's"
          + " limits.kv_max_value_size; default: ${DEFAULT-VALUE}).")
  long maxValueSize;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors and warnings.")
  boolean quiet;

  @Parameters(paramLabel = "PATTERN", arity = "0..*", description = "Only these paths.")
  List<String> patterns = new ArrayList<>();

  @Override
  public Integer call() {
    if (maxValueSize < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--max-value-size must not be negative");
    }
    try (Session s = Session.open(root, connection, maxValueSize, spec.commandLine().getErr())) {
      Pusher pusher = new Pusher(s.workspace, quiet ? io.fileconsul.app.Progress.NONE : Session.progress(root.context(), spec.commandLine().getErr()));
      SyncResult r = pusher.push(PathFilter.of(patterns), new Pusher.Options(dryRun, force, prune));
      root.warn(spec, r.warnings());
      ResultView.print(spec.commandLine().getOut(), r, s.where(),
          quiet ? Verbosity.QUIET : Verbosity.FULL);
      return ExitCodes.report(spec.commandLine().getErr(), root, r.outcome(), connection.debug);
    }
  }
}
