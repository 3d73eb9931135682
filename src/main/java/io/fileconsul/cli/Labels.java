package io.fileconsul.cli;

import io.fileconsul.core.PathText;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.Side;

/** Human words for changes, as git status words them. */
final class Labels {
  private Labels() {}

  static String side(Side s) {
    return switch (s) {
      case ADDED -> "new file:";
      case MODIFIED -> "modified:";
      case DELETED -> "deleted:";
      case UNCHANGED -> "unchanged:";
    };
  }

  static String conflict(Change c) {
    if (c.action() == io.fileconsul.sync.Action.COLLISION) {
      return "file/directory:";
    }
    return switch (c.code()) {
      case "MM" -> "both modified:";
      case "AA" -> "both added:";
      case "MD" -> "deleted remotely:";
      case "DM" -> "deleted locally:";
      default -> "conflict (" + c.code() + "):";
    };
  }

  /** What applying a change does to the side it is applied to. */
  static String effect(boolean existedBefore, boolean existsAfter) {
    return !existedBefore ? "new file:" : existsAfter ? "modified:" : "deleted:";
  }

  static String line(String label, String path) {
    return String.format("\t%-18s%s", label, PathText.quote(path));
  }
}
