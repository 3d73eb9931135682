package io.fileconsul.model;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the model believes a node last synced, per path: the set of values its sync record may hold
 * as the base (one value after a finished push or pull; more after a kill, when the record may or
 * may not have been saved). A path the model has never seen synced has the base {@code {ABSENT}}.
 */
final class NodeModel {
  final int index;
  final Path dir;
  private final Map<String, Set<String>> base = new HashMap<>();

  /** Whether the node has a record: TRUE after a finished push or pull, null when a kill hid it. */
  Boolean recordKnown = Boolean.FALSE;

  NodeModel(int index, Path dir) {
    this.index = index;
    this.dir = dir;
  }

  Set<String> base(String path) {
    return base.getOrDefault(path, Set.of(Values.ABSENT));
  }

  /** A finished push or pull: every path both sides agree on is synced now, and only that. */
  void synced(String path, String value) {
    base.put(path, Set.of(value));
  }

  /** A run that may or may not have recorded {@code value} (killed, or racing another run). */
  void maybeSynced(String path, String value) {
    Set<String> s = new HashSet<>(base(path));
    s.add(value);
    base.put(path, Set.copyOf(s));
  }

  Set<String> paths() {
    return base.keySet();
  }
}
