package io.fileconsul.model;

import io.fileconsul.cli.InProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The invariants, checked against what the directories and the prefix really hold after a step.
 * Each check names what it saw, so a violation reads as a bug report.
 */
final class Checks {
  private static final Set<Integer> DOCUMENTED = Set.of(0, 1, 2, 3, 4, 5, 6, 7);

  private final History h;
  private final List<Map<String, String>> localsBefore;
  private final Map<String, String> remoteBefore;

  Checks(History h, List<Map<String, String>> localsBefore, Map<String, String> remoteBefore) {
    this.h = h;
    this.localsBefore = localsBefore;
    this.remoteBefore = remoteBefore;
  }

  /** Only {@code node}'s directory (none when -1) changed; the prefix is as {@code remote} says. */
  void untouched(int node, Map<String, String> remote) {
    List<Map<String, String>> now = h.locals();
    for (int i = 0; i < now.size(); i++) {
      if (i != node && !now.get(i).equals(localsBefore.get(i))) {
        h.violation(
            "n"
                + i
                + "'s directory changed though nothing ran there: "
                + diff(localsBefore.get(i), now.get(i)));
      }
    }
    if (remote != null && !h.remote().equals(remote)) {
      h.violation("the prefix changed though nothing wrote it: " + diff(remote, h.remote()));
    }
  }

  /** A push, pull or status on {@code n} that ran to its end. */
  void finished(NodeModel n, String command, InProcess.Result r) {
    Oracle o = new Oracle(n, localsBefore.get(n.index), remoteBefore);
    if (!o.exits(command).contains(r.exit())) {
      h.violation(
          "n"
              + n.index
              + " "
              + command
              + " exited "
              + r.exit()
              + ", the model expects one of "
              + o.exits(command)
              + "\n"
              + r);
    }
    cleanErrors(command, r.err());
    Map<String, String> local = Observe.local(n.dir);
    Map<String, String> remote = h.remote();
    untouched(n.index, null);
    writes(n, command, o, local, remote, r.exit());
    if (command.startsWith("pull") && r.exit() != 4 && r.exit() != 5) {
      List<String> temps = Observe.temps(n.dir);
      if (!temps.isEmpty()) {
        h.violation("temp files survived a finished pull on n" + n.index + ": " + temps);
      }
      h.pulledToTheEnd(n.index);
    }
    if (!command.equals("status") && (r.exit() == 0 || r.exit() == 3)) {
      List<String> recordTemps =
          Observe.temps(n.dir).stream().filter(t -> t.startsWith(".fileconsul/")).toList();
      if (!recordTemps.isEmpty()) {
        h.violation(
            "a dead run's record temp files survived n"
                + n.index
                + "'s "
                + command
                + ": "
                + recordTemps);
      }
    }
    if (r.exit() == 0 || r.exit() == 3) {
      if (!command.equals("status")) {
        n.recordKnown = Boolean.TRUE;
      }
      for (String p : o.paths) {
        String v = local.getOrDefault(p, Values.ABSENT);
        if (v.equals(remote.getOrDefault(p, Values.ABSENT))) {
          if (command.equals("status")) {
            n.maybeSynced(p, v);
          } else {
            n.synced(p, v);
          }
        }
      }
    }
  }

  /** What a run may have written, and what it must have written. */
  private void writes(
      NodeModel n,
      String command,
      Oracle o,
      Map<String, String> local,
      Map<String, String> remote,
      int exit) {
    boolean push = command.startsWith("push");
    boolean status = command.equals("status");
    Map<String, String> source = push ? o.local : o.remote;
    Map<String, String> target = push ? o.remote : o.local;
    Map<String, String> after = push ? remote : local;
    Map<String, String> other = push ? local : remote;
    Map<String, String> otherBefore = push ? o.local : o.remote;
    if (!other.equals(otherBefore)) {
      h.violation(
          "n"
              + n.index
              + " "
              + command
              + " changed the side it reads: "
              + diff(otherBefore, other));
    }
    for (String p : o.paths) {
      String was = target.getOrDefault(p, Values.ABSENT);
      String is = after.getOrDefault(p, Values.ABSENT);
      String want = source.getOrDefault(p, Values.ABSENT);
      if (!was.equals(is)) {
        if (status || exit == 4 || exit == 5) {
          h.violation("n" + n.index + " " + command + " (exit " + exit + ") wrote " + p);
        } else if (!is.equals(want)) {
          h.violation(
              "n"
                  + n.index
                  + " "
                  + command
                  + " wrote "
                  + p
                  + " = "
                  + Values.brief(is)
                  + ", which its source side does not hold ("
                  + Values.brief(want)
                  + ")");
        } else if (!o.mayWrite(command, p)) {
          h.violation(
              "n"
                  + n.index
                  + " "
                  + command
                  + " overwrote "
                  + p
                  + " ("
                  + Values.brief(was)
                  + " -> "
                  + Values.brief(is)
                  + ") though the model classes it "
                  + o.classes(p)
                  + " with base "
                  + brief(n.base(p))
                  + ": a change lost without a conflict");
        }
      } else if ((exit == 0 || exit == 3) && o.mustWrite(command, p) && !is.equals(want)) {
        h.violation(
            "n"
                + n.index
                + " "
                + command
                + " exited "
                + exit
                + " but left "
                + p
                + " at "
                + Values.brief(is)
                + " instead of "
                + Values.brief(want)
                + " (classes "
                + o.classes(p)
                + ")");
      }
    }
  }

  /** Two pushes at once: each writes only its own changes, and a lost race is exit 3, never 0. */
  void racingPushes(NodeModel a, InProcess.Result ra, NodeModel b, InProcess.Result rb) {
    Oracle oa = new Oracle(a, localsBefore.get(a.index), remoteBefore);
    Oracle ob = new Oracle(b, localsBefore.get(b.index), remoteBefore);
    for (InProcess.Result r : List.of(ra, rb)) {
      if (!Set.of(0, 3, 4).contains(r.exit())) {
        h.violation("a racing push exited " + r.exit() + "\n" + r);
      }
      cleanErrors("push", r.err());
    }
    untouched(-1, null);
    Map<String, String> remote = h.remote();
    for (String p : union(oa.paths, ob.paths)) {
      String was = remoteBefore.getOrDefault(p, Values.ABSENT);
      String is = remote.getOrDefault(p, Values.ABSENT);
      boolean byA = is.equals(oa.local(p)) && oa.mayWrite("push", p);
      boolean byB = is.equals(ob.local(p)) && ob.mayWrite("push", p);
      if (!was.equals(is) && !byA && !byB) {
        h.violation(
            "racing pushes left "
                + p
                + " = "
                + Values.brief(is)
                + " (was "
                + Values.brief(was)
                + "), which neither was entitled to write: "
                + side(oa, p)
                + ", "
                + side(ob, p)
                + "\n"
                + ra
                + "\n"
                + rb);
      }
      lostRace(p, is, oa, ra, ob);
      lostRace(p, is, ob, rb, oa);
    }
    for (Oracle o : List.of(oa, ob)) {
      NodeModel n = o.node;
      Map<String, String> local = Observe.local(n.dir);
      for (String p : union(oa.paths, ob.paths)) {
        String v = local.getOrDefault(p, Values.ABSENT);
        if (v.equals(remote.getOrDefault(p, Values.ABSENT))) {
          n.maybeSynced(p, v);
        }
        if (o.mayWrite("push", p) || o.local(p).equals(o.remote(p))) {
          // It may have written p, or found both sides agreeing, and recorded that, and the other
          // push changed p after: its record then holds a value the prefix no longer does
          // (seeds 2106 and 2233 of a 20-minute run).
          n.maybeSynced(p, o.local(p));
        }
      }
      n.recordKnown = n.recordKnown == Boolean.TRUE ? Boolean.TRUE : null;
    }
  }

  private static String side(Oracle o, String p) {
    return "n"
        + o.node.index
        + " local "
        + Values.brief(o.local(p))
        + " base "
        + brief(o.node.base(p));
  }

  /** A push the model is sure had to write {@code p} and exited 0 must have written it. */
  private void lostRace(String p, String is, Oracle mine, InProcess.Result r, Oracle theirs) {
    if (r.exit() == 0 && mine.mustWrite("push", p) && !is.equals(mine.local(p))) {
      h.violation(
          "a racing push exited 0 but "
              + p
              + " holds "
              + Values.brief(is)
              + ", not its "
              + Values.brief(mine.local(p))
              + " (the other push's local: "
              + Values.brief(theirs.local(p))
              + "): a silently lost update");
    }
  }

  /**
   * A run killed at a random moment: each path wholly old or wholly new, on the written side only.
   */
  void killed(NodeModel n, String command, int exit, String err) {
    if (exit != -9 && !Set.of(0, 3, 4).contains(exit)) {
      h.violation(
          "n" + n.index + " " + command + " (not killed in time) exited " + exit + "\n" + err);
    }
    Oracle o = new Oracle(n, localsBefore.get(n.index), remoteBefore);
    boolean push = command.startsWith("push");
    Map<String, String> local = Observe.local(n.dir);
    Map<String, String> remote = h.remote();
    untouched(n.index, null);
    Map<String, String> other = push ? local : remote;
    if (!other.equals(push ? o.local : o.remote)) {
      h.violation("killed " + command + " changed the side it reads");
    }
    Map<String, String> after = push ? remote : local;
    for (String p : o.paths) {
      String is = after.getOrDefault(p, Values.ABSENT);
      String was = (push ? o.remote : o.local).getOrDefault(p, Values.ABSENT);
      if (!is.equals(was)
          && !(is.equals(push ? o.local(p) : o.remote(p)) && o.mayWrite(command, p))) {
        h.violation(
            "killed n"
                + n.index
                + " "
                + command
                + " left "
                + p
                + " = "
                + Values.brief(is)
                + ", neither its old value nor one it may write");
      }
      String v = local.getOrDefault(p, Values.ABSENT);
      if (v.equals(remote.getOrDefault(p, Values.ABSENT))) {
        n.maybeSynced(p, v);
      }
    }
    if (n.recordKnown != Boolean.TRUE) {
      n.recordKnown = null;
    }
  }

  /** A run while the agent is down: exit 5 and nothing written. */
  void unavailable(NodeModel n, String command, InProcess.Result r) {
    if (r.exit() != 5) {
      h.violation(
          "n"
              + n.index
              + " "
              + command
              + " with the agent down exited "
              + r.exit()
              + ", not 5\n"
              + r);
    }
    cleanErrors(command, r.err());
    untouched(-1, null);
  }

  /** status --porcelain lists exactly the paths whose sides differ, with the model's letters. */
  void status(
      NodeModel n, Map<String, String> local, Map<String, String> remote, InProcess.Result r) {
    Oracle o = new Oracle(n, local, remote);
    if (!o.exits("status").contains(r.exit())) {
      h.violation(
          "n"
              + n.index
              + " status exited "
              + r.exit()
              + ", the model expects "
              + o.exits("status")
              + "\n"
              + r);
      return;
    }
    Map<String, String> listed = new TreeMap<>();
    for (String line : r.out().lines().toList()) {
      if (line.length() > 3) {
        listed.put(line.substring(3), line.substring(0, 2));
      }
    }
    for (String p : o.paths) {
      boolean differs = !o.local(p).equals(o.remote(p));
      String letters = o.letters(p);
      if (differs != listed.containsKey(p)) {
        h.violation(
            "n"
                + n.index
                + " status "
                + (differs ? "misses " : "lists ")
                + p
                + " (local "
                + Values.brief(o.local(p))
                + ", remote "
                + Values.brief(o.remote(p))
                + ")\n"
                + r);
      } else if (differs && letters != null && !letters.equals(listed.get(p))) {
        h.violation(
            "n"
                + n.index
                + " status says "
                + listed.get(p)
                + " "
                + p
                + ", the model "
                + letters
                + " (base "
                + brief(n.base(p))
                + ", local "
                + Values.brief(o.local(p))
                + ", remote "
                + Values.brief(o.remote(p))
                + ")");
      }
    }
    for (String p : o.paths) {
      String v = o.local(p);
      if (v.equals(o.remote(p))) {
        n.maybeSynced(p, v);
      }
    }
  }

  /** After every step: nothing outside the directories, nothing torn, no key fileconsul made up. */
  void everywhere() {
    try (Stream<Path> top = Files.list(h.root())) {
      List<String> names = top.map(p -> p.getFileName().toString()).sorted().toList();
      if (!names.equals(List.of("n0", "n1", "n2"))) {
        h.violation("something was written beside the share directories: " + names);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (NodeModel n : h.nodes()) {
      for (Map.Entry<String, String> e : Observe.local(n.dir).entrySet()) {
        if (!h.wasWritten(Values.content(e.getValue()))) {
          h.violation(
              "n"
                  + n.index
                  + "'s "
                  + e.getKey()
                  + " holds content nobody wrote (torn?): "
                  + Values.brief(e.getValue()));
        }
      }
      if (!h.mayHaveTemps(n.index) && !Observe.temps(n.dir).isEmpty()) {
        h.violation(
            "temp files on n"
                + n.index
                + " though no pull was killed there: "
                + Observe.temps(n.dir));
      }
    }
    for (Map.Entry<String, String> e : h.rawRemote().entrySet()) {
      if (!Moves.POOL.contains(e.getKey()) && !Moves.HOSTILE.contains(e.getKey())) {
        h.violation("a key nobody should have written: " + e.getKey());
      } else if (!h.wasWritten(Values.content(e.getValue()))) {
        h.violation(
            "key "
                + e.getKey()
                + " holds content nobody wrote (torn?): "
                + Values.brief(e.getValue()));
      }
    }
  }

  /** Every stderr line is one of ours: an error or a warning, never a stack trace. */
  private void cleanErrors(String command, String err) {
    for (String line : err.lines().toList()) {
      if (!line.startsWith("error: ") && !line.startsWith("warning: ")) {
        h.violation(command + " printed a line that is neither an error nor a warning: " + line);
        return;
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static String brief(Set<String> values) {
    return values.stream().map(Values::brief).sorted().toList().toString();
  }

  private static String diff(Map<String, String> was, Map<String, String> is) {
    StringBuilder b = new StringBuilder();
    for (String p : union(was.keySet(), is.keySet())) {
      String x = was.getOrDefault(p, Values.ABSENT);
      String y = is.getOrDefault(p, Values.ABSENT);
      if (!x.equals(y)) {
        b.append(p)
            .append(": ")
            .append(Values.brief(x))
            .append(" -> ")
            .append(Values.brief(y))
            .append("; ");
      }
    }
    return b.toString();
  }
}
