package io.fileconsul.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three-way table: for each combination of base record, local file and remote entry, the
 * porcelain XY code and the action. Contents are named: "v1", "v2", "v3"; null is absent.
 */
class PlannerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // base, local, remote, XY, action
        Arguments.of("v1", "v1", "v1", "..", Action.IN_SYNC),
        Arguments.of("v1", "v2", "v1", "M.", Action.PUSH),
        Arguments.of("v1", "v1", "v2", ".M", Action.PULL),
        Arguments.of("v1", "v2", "v3", "MM", Action.CONFLICT),
        Arguments.of("v1", "v2", "v2", "MM", Action.IN_SYNC), // both made the same edit
        Arguments.of("v1", null, "v1", "D.", Action.PUSH),
        Arguments.of("v1", "v1", null, ".D", Action.PULL),
        Arguments.of("v1", null, null, "DD", Action.IN_SYNC),
        Arguments.of("v1", "v2", null, "MD", Action.CONFLICT),
        Arguments.of("v1", null, "v2", "DM", Action.CONFLICT),
        Arguments.of(null, "v1", null, "A.", Action.PUSH),
        Arguments.of(null, null, "v1", ".A", Action.PULL),
        Arguments.of(null, "v1", "v1", "AA", Action.IN_SYNC), // first run, same content
        Arguments.of(null, "v1", "v2", "AA", Action.CONFLICT)); // first run, different content
  }

  @ParameterizedTest(name = "base={0} local={1} remote={2} -> {3} {4}")
  @MethodSource("cases")
  void classifiesEveryCombination(
      String base, String local, String remote, String code, Action action) {
    Map<String, LocalFile> l = new HashMap<>();
    Map<String, RemoteEntry> r = new HashMap<>();
    Map<String, SyncRecord> b = new HashMap<>();
    if (local != null) {
      l.put("p", new LocalFile("p", content(local), 1));
    }
    if (remote != null) {
      r.put("p", new RemoteEntry("p", "fc/p", content(remote), 7, ModeFlags.encode(0644)));
    }
    if (base != null) {
      b.put("p", new SyncRecord("p", content(base), 7, 1));
    }
    Plan plan = Planner.plan(l, r, new SyncBase(base != null, b, 0));

    Change c = plan.changes().get(0);
    assertEquals(code, c.code());
    assertEquals(action, c.action());
  }

  @ParameterizedTest(name = "mode {0} -> {1} is a local modification")
  @MethodSource("modes")
  void aModeChangeIsAModification(int before, int after) {
    Content was = new Content("h", 3, before);
    Plan plan =
        Planner.plan(
            Map.of("p", new LocalFile("p", new Content("h", 3, after), 1)),
            Map.of("p", new RemoteEntry("p", "fc/p", was, 7, ModeFlags.encode(before))),
            new SyncBase(true, Map.of("p", new SyncRecord("p", was, 7, 1)), 0));

    assertEquals("M.", plan.changes().get(0).code());
  }

  static Stream<Arguments> modes() {
    return Stream.of(Arguments.of(0644, 0755), Arguments.of(0755, 0644), Arguments.of(0600, 0640));
  }

  @org.junit.jupiter.api.Test
  void pathsComeOutSortedAndOnlyDifferencesAreReported() {
    Plan plan =
        Planner.plan(
            Map.of(
                "b",
                new LocalFile("b", content("v1"), 1),
                "a/z",
                new LocalFile("a/z", content("v1"), 1)),
            Map.of(
                "c",
                new RemoteEntry("c", "fc/c", content("v1"), 3, 0),
                "a/z",
                new RemoteEntry("a/z", "fc/a/z", content("v1"), 3, 0)),
            SyncBase.none());

    assertEquals(
        java.util.List.of("a/z", "b", "c"), plan.changes().stream().map(Change::path).toList());
    assertEquals(
        java.util.List.of("A. b", ".A c"),
        plan.differences().stream().map(ch -> ch.code() + " " + ch.path()).toList());
    assertEquals(Optional.empty(), plan.changes().get(0).base());
  }

  @org.junit.jupiter.api.Test
  void pathsAreInUtf8ByteOrderAsGitSortsThem() {
    // UTF-16 order puts the surrogate pair of U+1F600 (D83D...) before U+E000; bytes do not.
    Plan plan =
        Planner.plan(
            Map.of(
                "\ud83d\ude00",
                new LocalFile("\ud83d\ude00", content("v1"), 1),
                "\ue000",
                new LocalFile("\ue000", content("v1"), 1),
                "z",
                new LocalFile("z", content("v1"), 1)),
            Map.of(),
            SyncBase.none());

    assertEquals(
        java.util.List.of("z", "\ue000", "\ud83d\ude00"),
        plan.changes().stream().map(Change::path).toList());
  }

  @org.junit.jupiter.api.Test
  void aSpecialFileIsALocalAdditionThatConflictsWithARemoteFile() {
    Plan plan =
        Planner.plan(
            Map.of("p", new LocalFile("p", Content.special("FIFO", 0644), 1)),
            Map.of("p", new RemoteEntry("p", "fc/p", new Content("", 0, 0644), 7, 0)),
            SyncBase.none());

    assertEquals("AA", plan.changes().get(0).code());
    assertEquals(Action.CONFLICT, plan.changes().get(0).action());
  }

  private static Content content(String name) {
    return new Content("sha-" + name, name.length(), 0644);
  }

  @org.junit.jupiter.api.Test
  void keysThatAreAFileAndADirectoryAtOnceCollide() {
    java.util.Set<String> remote = java.util.Set.of("a", "a/b", "a/c/d", "x/y");
    assertEquals(
        java.util.Set.of("a"),
        collisions(remote, java.util.Set.of()),
        "no local file a: the directory's keys can be written, a cannot");
    assertEquals(
        java.util.Set.of("a/b", "a/c/d"),
        collisions(remote, java.util.Set.of("a")),
        "a local file a stays; the keys below it cannot be written");
    assertEquals(java.util.Set.of(), collisions(java.util.Set.of("ab", "a/b"), java.util.Set.of()));
    assertEquals(
        java.util.Set.of("conf", "conf/x"),
        collisions(java.util.Set.of("conf/x"), java.util.Set.of("conf")),
        "a local file where the store has a directory: neither can be written");
    assertEquals(
        java.util.Set.of("a", "a/x"),
        collisions(java.util.Set.of("a"), java.util.Set.of("a/x")),
        "a local directory where the store has a file: pushing a/x would clash too");
    assertEquals(
        java.util.Set.of("a"),
        collisions(java.util.Set.of("a", "a/b"), java.util.Set.of("a/b")),
        "a file synced below a directory stays in sync");
  }

  @org.junit.jupiter.api.Test
  void aDirectoryThatBecameAFileIsNoCollisionOnEitherSide() {
    SyncBase base =
        new SyncBase(true, Map.of("d/x", new SyncRecord("d/x", content("v1"), 7, 1)), 0);
    RemoteEntry oldDx = new RemoteEntry("d/x", "fc/d/x", content("v1"), 7, ModeFlags.encode(0644));
    // The node that made the change: d/x deleted, d added, so push deletes the key and adds d.
    Plan pushing =
        Planner.plan(Map.of("d", new LocalFile("d", content("v2"), 1)), Map.of("d/x", oldDx), base);
    assertEquals(
        List.of(Action.PUSH, Action.PUSH), pushing.changes().stream().map(Change::action).toList());
    // Another node: key d/x gone, key d new, the file d/x still here, so pull does both.
    Plan pulling =
        Planner.plan(
            Map.of("d/x", new LocalFile("d/x", content("v1"), 1)),
            Map.of("d", new RemoteEntry("d", "fc/d", content("v2"), 9, ModeFlags.encode(0644))),
            base);
    assertEquals(
        List.of(Action.PULL, Action.PULL), pulling.changes().stream().map(Change::action).toList());
  }

  /** Collisions when every path on either side is still there after the plan. */
  private static java.util.Set<String> collisions(
      java.util.Set<String> remote, java.util.Set<String> local) {
    java.util.Set<String> after = new java.util.HashSet<>(remote);
    after.addAll(local);
    return Planner.collisions(after, remote, local);
  }
}
