package io.fileconsul.cli;

import io.fileconsul.app.SyncResult;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.PathOrder;
import java.io.PrintWriter;

/** Prints what a push or pull did; its problems are the outcome's, printed by {@link ExitCodes}. */
final class ResultView {
  private ResultView() {}

  /**
   * @param toRemote true for push: the effect is on Consul; false for pull: on the directory
   * @param quietWhenIdle print nothing at all when nothing was to be done (watch handlers)
   */
  static void print(PrintWriter out, SyncResult r, boolean toRemote, String where, boolean quiet,
      boolean quietWhenIdle) {
    String verb = toRemote ? "push" : "pull";
    if (r.applied().isEmpty() && r.conflicts().isEmpty() && r.failures().isEmpty()) {
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
  }
}
