package io.fileconsul.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The planner's laws over every (base, local, remote) triple, on flat paths (a collision needs a
 * directory, and is tested by table in PlannerTest): one action per path, the same answer with the
 * sides swapped, and a plan applied and planned again is in sync.
 */
class PlannerProperties {
  /** One path's three versions: null for "absent", else a content id. */
  record Triple(String base, String local, String remote) {}

  private static final List<String> PATHS = List.of("a", "b", "c", "d", "e");

  @Provide
  Arbitrary<List<Triple>> trees() {
    Arbitrary<String> version = Arbitraries.of("x", "y", "z").injectNull(0.3);
    return Combinators.combine(version, version, version)
        .as(Triple::new)
        .list()
        .ofSize(PATHS.size());
  }

  @Property(tries = 2000)
  void everyPathGetsExactlyOneAction(@ForAll("trees") List<Triple> tree) {
    Plan plan = plan(tree, false);
    List<String> planned = plan.changes().stream().map(Change::path).toList();
    TreeSet<String> expected = new TreeSet<>();
    for (int i = 0; i < tree.size(); i++) {
      Triple t = tree.get(i);
      if (t.base() != null || t.local() != null || t.remote() != null) {
        expected.add(PATHS.get(i));
      }
    }
    assertEquals(List.copyOf(expected), planned, "each present path once, in order");
  }

  @Property(tries = 2000)
  void swappingTheSidesMirrorsTheActions(@ForAll("trees") List<Triple> tree) {
    Plan plan = plan(tree, false);
    Plan swapped = plan(tree, true);
    for (int i = 0; i < plan.changes().size(); i++) {
      Action a = plan.changes().get(i).action();
      Action mirrored =
          switch (a) {
            case PUSH -> Action.PULL;
            case PULL -> Action.PUSH;
            default -> a;
          };
      assertEquals(mirrored, swapped.changes().get(i).action(), plan.changes().get(i).path());
    }
  }

  /** Applying every action (a conflict as push --force does) leaves nothing to do. */
  @Property(tries = 2000)
  void aPlanAppliedAndPlannedAgainIsInSync(@ForAll("trees") List<Triple> tree) {
    Plan plan = plan(tree, false);
    List<Triple> after = new ArrayList<>();
    for (int i = 0; i < tree.size(); i++) {
      Triple t = tree.get(i);
      Action a = planned(plan, PATHS.get(i)).map(Change::action).orElse(Action.IN_SYNC);
      String now =
          switch (a) {
            case PUSH, CONFLICT -> t.local();
            case PULL -> t.remote();
            case IN_SYNC, COLLISION -> t.local();
          };
      after.add(new Triple(now, now, now));
    }
    for (Change c : plan(after, false).changes()) {
      assertEquals(Action.IN_SYNC, c.action(), c.path());
    }
  }

  private static Optional<Change> planned(Plan plan, String path) {
    return plan.changes().stream().filter(c -> c.path().equals(path)).findFirst();
  }

  private static Plan plan(List<Triple> tree, boolean swap) {
    Map<String, LocalFile> local = new HashMap<>();
    Map<String, RemoteEntry> remote = new HashMap<>();
    Map<String, SyncRecord> records = new HashMap<>();
    for (int i = 0; i < tree.size(); i++) {
      String path = PATHS.get(i);
      Triple t = tree.get(i);
      String l = swap ? t.remote() : t.local();
      String r = swap ? t.local() : t.remote();
      if (l != null) {
        local.put(path, new LocalFile(path, content(l), 1));
      }
      if (r != null) {
        remote.put(path, new RemoteEntry(path, "fc/" + path, content(r), 5, 0));
      }
      if (t.base() != null) {
        records.put(path, new SyncRecord(path, content(t.base()), 5, 1));
      }
    }
    return Planner.plan(local, remote, new SyncBase(true, records, 10));
  }

  private static Content content(String id) {
    return new Content(id.repeat(64).substring(0, 64), 1, 0644);
  }
}
