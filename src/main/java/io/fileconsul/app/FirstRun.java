package io.fileconsul.app;

import io.fileconsul.state.StateStore;
import io.fileconsul.sync.Action;
import io.fileconsul.sync.Plan;
import java.util.Optional;

/** What a run without a sync record for this store and prefix says about it, if anything. */
final class FirstRun {
  private FirstRun() {}

  static Optional<String> warning(
      StateStore.Loaded loaded, Plan plan, String store, String prefix, String identity) {
    if (loaded.othersExist() && !loaded.base().known()) {
      return Optional.of(
          "no sync record for "
              + store
              + " prefix "
              + prefix
              + " ("
              + identity
              + "), though this directory has records of that prefix for"
              + " other stores; reading this as a first run");
    } else if (!loaded.base().known()
        && loaded.warning().isEmpty()
        && plan.changes().stream().anyMatch(c -> c.action() == Action.CONFLICT)) {
      return Optional.of(
          "no sync record yet for "
              + store
              + " prefix "
              + prefix
              + ": files that differ on the two sides show as conflicts until one side wins");
    }
    return Optional.empty();
  }
}
