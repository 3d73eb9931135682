package io.fileconsul.model;

/**
 * One step of a sequence, drawn from the seed: a local edit on a node, a foreign write, a command
 * on a node (or two at once), a kill -9 of a command, or an agent restart. Its string form is what
 * a failure prints, one line per step.
 */
record Step(Kind kind, int node, int other, String path, String target, String value, int delayMs) {
  enum Kind {
    CREATE,
    EDIT,
    DELETE,
    CHMOD,
    SWAP,
    RENAME,
    FOREIGN_PUT,
    FOREIGN_DELETE,
    FOREIGN_HOSTILE,
    COMMAND,
    TWO_PUSHES,
    KILLED,
    AGENT_RESTART
  }

  static Step local(Kind kind, int node, String path, String target, String value) {
    return new Step(kind, node, -1, path, target, value, 0);
  }

  static Step foreign(Kind kind, String path, String value) {
    return new Step(kind, -1, -1, path, null, value, 0);
  }

  static Step command(int node, String command) {
    return new Step(Kind.COMMAND, node, -1, null, null, command, 0);
  }

  static Step killed(int node, String command, int delayMs) {
    return new Step(Kind.KILLED, node, -1, null, null, command, delayMs);
  }

  static Step twoPushes(int node, int other) {
    return new Step(Kind.TWO_PUSHES, node, other, null, null, "push", 0);
  }

  static Step agentRestart(int node, String commandWhileDown) {
    return new Step(Kind.AGENT_RESTART, node, -1, null, null, commandWhileDown, 0);
  }

  @Override
  public String toString() {
    String who = node >= 0 ? "n" + node + " " : "";
    return switch (kind) {
      case COMMAND -> who + value;
      case TWO_PUSHES -> "n" + node + " push & n" + other + " push, at once";
      case KILLED -> who + value + ", kill -9 after " + delayMs + " ms";
      case AGENT_RESTART -> "agent kill -9; " + who + value + " while down; agent restart";
      case RENAME, SWAP -> who + kind.name().toLowerCase() + " " + path + " -> " + target;
      case DELETE, FOREIGN_DELETE -> who + kind.name().toLowerCase() + " " + path;
      default -> who + kind.name().toLowerCase() + " " + path + " = " + Values.brief(value);
    };
  }
}
