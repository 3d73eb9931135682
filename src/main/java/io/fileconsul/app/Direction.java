package io.fileconsul.app;

import io.fileconsul.sync.Change;

/** Which way a sync writes, with the words its output uses for it. */
public enum Direction {
  /** Local changes to Consul. */
  PUSH("push", "Pushed", "to", "local"),
  /** Consul's changes to the share directory. */
  PULL("pull", "Pulled", "from", "remote");

  private final String verb;
  private final String done;
  private final String preposition;
  private final String forceKeeps;

  Direction(String verb, String done, String preposition, String forceKeeps) {
    this.verb = verb;
    this.done = done;
    this.preposition = preposition;
    this.forceKeeps = forceKeeps;
  }

  /** "push", the command's name. */
  public String verb() {
    return verb;
  }

  /** "Pushed 2 change(s) to ...", or on a dry run "Would push 2 change(s) to ...". */
  public String headline(boolean dryRun, int changes, String where) {
    return (dryRun ? "Would " + verb : done)
        + " "
        + changes
        + " change(s) "
        + preposition
        + " "
        + where
        + ":";
  }

  /** The side --force keeps in a conflict: "local" for push. */
  public String forceKeeps() {
    return forceKeeps;
  }

  /** Whether the written side had the path before: Consul for a push, the directory for a pull. */
  public boolean targetHadIt(Change c) {
    return this == PUSH ? c.remoteEntry().isPresent() : c.localFile().isPresent();
  }

  /** Whether the written side has the path after. */
  public boolean targetHasIt(Change c) {
    return this == PUSH ? c.localFile().isPresent() : c.remoteEntry().isPresent();
  }
}
