package io.fileconsul.cli;

import io.fileconsul.app.SyncResult;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.PathOrder;
import io.fileconsul.sync.PathText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.fileconsul.sync.Action;
import java.util.stream.Collectors;

/** Prints what a push or pull did, then turns a partial failure or skipped conflicts into an error. */
final class ResultView {
  private ResultView() {}

  /**
   * @param toRemote true for push: the effect is on Consul; false for pull: on the directory
   * @param quietWhenIdle print nothing at all when nothing was to be done (watch handlers)
   */
  static int print(PrintWriter out, SyncResult r, boolean toRemote, String where, boolean quiet,
      boolean quietWhenIdle) {
    String verb = toRemote ? "push" : "pull";
    if (r.applied().isEmpty() && r.conflicts().isEmpty() && r.failure().isEmpty()) {
      if (!quietWhenIdle && !quiet) {
        out.println("Everything up to date.");
      }
    } else if (!quiet && !r.applied().isEmpty()) {
      out.println((r.dryRun() ? "Would " + verb : verb.equals("push") ? "Pushed" : "Pulled")
          + " " + r.applied().size() + " change(s) " + (toRemote ? "to " : "from ") + where + ":");
      // sorted by path whatever order they were applied in (pull deletes first)
      for (Change c : r.applied().stream()
          .sorted(java.util.Comparator.comparing(Change::path, PathOrder.BYTES)).toList()) {
        boolean before = toRemote ? c.remoteEntry().isPresent() : c.localFile().isPresent();
        boolean after = toRemote ? c.localFile().isPresent() : c.remoteEntry().isPresent();
        out.println(Labels.line(Labels.effect(before, after), c.path()));
      }
    }
    out.flush();
    List<String> problems = new ArrayList<>();
    List<Change> both = r.conflicts().stream().filter(c -> c.action() != Action.COLLISION).toList();
    List<Change> clashes = r.conflicts().stream().filter(c -> c.action() == Action.COLLISION).toList();
    if (!both.isEmpty()) {
      problems.add(both.size() + " path(s) changed on both sides were left alone: " + paths(both)
          + "; compare with 'fileconsul diff', then 'fileconsul " + verb + " --force' to keep the "
          + (toRemote ? "local" : "remote") + " version");
    }
    if (!clashes.isEmpty()) {
      problems.add(clashes.size() + " path(s) are a file and a directory at once: "
          + paths(clashes) + "; delete or rename one of each pair (in Consul with 'consul kv"
          + " delete', or in the share directory)");
    }
    Optional<String> conflicts = problems.isEmpty() ? Optional.empty()
        : Optional.of(String.join("; and ", problems));
    if (r.failure().isPresent()) {
      // The failure's code stands (README "Exit codes"), and the conflicts are still named.
      throw conflicts.map(r.failure().get()::alsoReporting).orElse(r.failure().get());
    }
    if (conflicts.isPresent()) {
      throw new FileconsulException(ExitCode.CONFLICT, conflicts.get());
    }
    return ExitCode.OK.code();
  }

  private static String paths(List<Change> changes) {
    return changes.stream().map(c -> PathText.quote(c.path())).collect(Collectors.joining(", "));
  }
}
