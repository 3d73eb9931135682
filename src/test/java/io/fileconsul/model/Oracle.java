package io.fileconsul.model;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The model's expectations for one command, from the states before it: how each path is classed
 * (the three-way merge against every base the record may hold), which exit codes are right, and
 * which writes a run may make. Pure: no I/O.
 */
final class Oracle {
  enum Cls {
    PUSH,
    PULL,
    CONFLICT
  }

  final NodeModel node;
  final Map<String, String> local;
  final Map<String, String> remote;
  final Set<String> paths = new TreeSet<>();

  Oracle(NodeModel node, Map<String, String> local, Map<String, String> remote) {
    this.node = node;
    this.local = local;
    this.remote = remote;
    paths.addAll(local.keySet());
    paths.addAll(remote.keySet());
    paths.addAll(node.paths());
  }

  String local(String p) {
    return local.getOrDefault(p, Values.ABSENT);
  }

  String remote(String p) {
    return remote.getOrDefault(p, Values.ABSENT);
  }

  /** Empty when both sides agree, else one class per base the record may hold. */
  Set<Cls> classes(String p) {
    Set<Cls> out = EnumSet.noneOf(Cls.class);
    if (local(p).equals(remote(p))) {
      return out;
    }
    for (String b : node.base(p)) {
      boolean l = !local(p).equals(b);
      boolean r = !remote(p).equals(b);
      out.add(l && r ? Cls.CONFLICT : l ? Cls.PUSH : Cls.PULL);
    }
    return out;
  }

  /** A path that is a file on some side while another path lies below it: a collision. */
  boolean clashy(String p) {
    for (String q : paths) {
      if (q.startsWith(p + "/") || p.startsWith(q + "/")) {
        return true;
      }
    }
    return false;
  }

  boolean anyClash() {
    return paths.stream().anyMatch(this::clashy);
  }

  /** Whether the command may write {@code p} on its target side. */
  boolean mayWrite(String command, String p) {
    Set<Cls> c = classes(p);
    return switch (command) {
      case "push" -> c.contains(Cls.PUSH);
      case "pull" -> c.contains(Cls.PULL);
      case "push --force" -> c.contains(Cls.PUSH) || c.contains(Cls.CONFLICT);
      case "pull --force" -> c.contains(Cls.PULL) || c.contains(Cls.CONFLICT);
      case "push --prune" -> !c.isEmpty();
      default -> false;
    };
  }

  /** Whether a run that was not refused must have written {@code p}: the model is sure of it. */
  boolean mustWrite(String command, String p) {
    Set<Cls> c = classes(p);
    if (c.isEmpty() || clashy(p)) {
      return false;
    }
    return switch (command) {
      case "push" -> c.equals(Set.of(Cls.PUSH));
      case "pull" -> c.equals(Set.of(Cls.PULL));
      case "push --force" -> !c.contains(Cls.PULL);
      case "pull --force" -> !c.contains(Cls.PUSH);
      case "push --prune" -> true;
      default -> false;
    };
  }

  /** The exit codes the model accepts for a command that ran to its end. */
  Set<Integer> exits(String command) {
    if (command.equals("status")) {
      return Set.of(paths.stream().anyMatch(p -> !local(p).equals(remote(p))) ? 1 : 0);
    }
    // --prune overwrites remote changes too (README), so a conflict is no refusal for it either.
    boolean force = command.endsWith("--force") || command.endsWith("--prune");
    boolean guarded = !command.endsWith("--force");
    Set<Integer> out = new HashSet<>();
    boolean sureConflict =
        !force && paths.stream().anyMatch(p -> classes(p).equals(Set.of(Cls.CONFLICT)));
    boolean maybeConflict =
        !force && paths.stream().anyMatch(p -> classes(p).contains(Cls.CONFLICT));
    if (!sureConflict) {
      out.add(0);
    }
    if (maybeConflict || anyClash()) {
      out.add(3);
    }
    if (guarded) {
      int[] d = deletes(command);
      int[] t = tracked(command);
      if (d[1] > 0 && 2 * d[1] > t[0]) {
        out.add(4);
      }
      if (d[0] > 0 && 2 * d[0] > t[1]) {
        return Set.of(4);
      }
    }
    return out;
  }

  /** [sure, possible] number of deletes the run would make on its target side. */
  private int[] deletes(String command) {
    boolean push = command.startsWith("push");
    int sure = 0;
    int possible = 0;
    for (String p : paths) {
      String from = push ? local(p) : remote(p);
      String to = push ? remote(p) : local(p);
      if (Values.present(from) || !Values.present(to)) {
        continue;
      }
      if (mustWrite(command, p)) {
        sure++;
      }
      if (mayWrite(command, p)) {
        possible++;
      }
    }
    return new int[] {sure, possible};
  }

  /** [fewest, most] paths the mass-delete guard counts as tracked. */
  private int[] tracked(String command) {
    boolean push = command.startsWith("push");
    int withTarget = 0;
    int surelyBased = 0;
    int maybeBased = 0;
    for (String p : paths) {
      if (Values.present(push ? remote(p) : local(p))) {
        withTarget++;
      }
      Set<String> b = node.base(p);
      if (b.stream().anyMatch(Values::present)) {
        maybeBased++;
      }
      if (b.stream().allMatch(Values::present)) {
        surelyBased++;
      }
    }
    Boolean known = node.recordKnown;
    List<Integer> options =
        known == null
            ? List.of(withTarget, surelyBased, maybeBased)
            : known ? List.of(surelyBased, maybeBased) : List.of(withTarget);
    return new int[] {
      options.stream().min(Integer::compare).orElseThrow(),
      options.stream().max(Integer::compare).orElseThrow()
    };
  }

  /** status --porcelain's two letters for a path whose base the model is sure of, else null. */
  String letters(String p) {
    Set<String> b = node.base(p);
    if (b.size() != 1 || clashy(p)) {
      return null;
    }
    String base = b.iterator().next();
    return letter(base, local(p)) + letter(base, remote(p));
  }

  private static String letter(String base, String now) {
    if (base.equals(now)) {
      return ".";
    }
    return !Values.present(base) ? "A" : !Values.present(now) ? "D" : "M";
  }
}
