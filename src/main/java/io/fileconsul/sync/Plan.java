package io.fileconsul.sync;

import java.util.List;

/**
 * Every selected path, sorted, with what a sync would do. Shared by status, diff, push and pull.
 */
public record Plan(List<Change> changes) {
  public Plan {
    changes = List.copyOf(changes);
  }

  public List<Change> with(Action action) {
    return changes.stream().filter(c -> c.action() == action).toList();
  }

  /** Paths that differ between the two sides, i.e. everything status reports. */
  public List<Change> differences() {
    return changes.stream().filter(c -> c.action() != Action.IN_SYNC).toList();
  }

  public boolean inSync() {
    return differences().isEmpty();
  }
}
