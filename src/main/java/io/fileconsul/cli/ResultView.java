package io.fileconsul.cli;

import io.fileconsul.app.Direction;
import io.fileconsul.app.SyncResult;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.PathOrder;
import java.io.PrintWriter;
import java.util.Comparator;

/** Prints what a push or pull did; its problems are the outcome's, printed by {@link ExitCodes}. */
final class ResultView {
  private ResultView() {}

  /** {@code where} as {@link Session#where()} says it. */
  static void print(PrintWriter out, SyncResult r, String where, Verbosity verbosity) {
    Direction direction = r.direction();
    if (r.applied().isEmpty() && r.conflicts().isEmpty() && r.failures().isEmpty()) {
      if (verbosity == Verbosity.FULL) {
        out.println("Everything up to date.");
      }
    } else if (verbosity != Verbosity.QUIET && !r.applied().isEmpty()) {
      out.println(direction.headline(r.dryRun(), r.applied().size(), where));
      // sorted by path whatever order they were applied in (pull deletes first)
      for (Change c :
          r.applied().stream()
              .sorted(Comparator.comparing(Change::path, PathOrder.BYTES))
              .toList()) {
        out.println(
            Labels.line(
                Labels.effect(direction.targetHadIt(c), direction.targetHasIt(c)), c.path()));
      }
    }
    out.flush();
  }
}
