package io.fileconsul.app;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.Guards;
import java.util.List;

/**
 * Refuses, before anything is written, a push or pull that would delete more than half of what the
 * written side tracks (git2consul's mass delete), unless --force.
 */
final class MassDeleteGuard {
  private MassDeleteGuard() {}

  static void check(
      Direction d, Snapshot snap, List<Change> selected, boolean force, String prefix) {
    long deletes = selected.stream().filter(c -> d.targetHadIt(c) && !d.targetHasIt(c)).count();
    int tracked = Guards.tracked(snap.plan(), snap.base().known(), d::targetHadIt);
    if (force || !Guards.isMassDelete((int) deletes, tracked)) {
      return;
    }
    String what =
        d == Direction.PUSH
            ? " tracked keys under " + prefix + "/, so nothing was pushed;"
            : " tracked files because their keys are gone from "
                + prefix
                + "/, so nothing was changed;";
    throw new FileconsulException(
        ExitCode.REFUSED,
        d.verb()
            + " would delete "
            + deletes
            + " of "
            + tracked
            + what
            + " if that is intended, rerun with --force");
  }
}
