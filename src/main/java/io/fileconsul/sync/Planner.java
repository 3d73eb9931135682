package io.fileconsul.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Three-way comparison of local files, remote entries and the last-synced record. Pure: it reads no
 * files and makes no requests. Inputs are already filtered to the selected paths.
 */
public final class Planner {
  private Planner() {}

  public static Plan plan(
      Map<String, LocalFile> local, Map<String, RemoteEntry> remote, SyncBase base) {
    TreeSet<String> paths = new TreeSet<>(PathOrder.BYTES);
    paths.addAll(local.keySet());
    paths.addAll(remote.keySet());
    paths.addAll(base.records().keySet());
    List<Change> changes = new ArrayList<>(paths.size());
    Set<String> after = new HashSet<>();
    for (String path : paths) {
      Optional<LocalFile> l = Optional.ofNullable(local.get(path));
      Optional<RemoteEntry> r = Optional.ofNullable(remote.get(path));
      Optional<SyncRecord> b = base.get(path);
      Optional<Content> lc = l.map(LocalFile::content);
      Optional<Content> rc = r.map(RemoteEntry::content);
      Side x = side(lc, b);
      Side y = side(rc, b);
      Change c = new Change(path, x, y, action(x, y, lc, rc), l, r, b);
      changes.add(c);
      if (existsAfter(c)) {
        after.add(path);
      }
    }
    Set<String> blocked = collisions(after, remote.keySet(), local.keySet());
    if (blocked.isEmpty()) {
      return new Plan(changes);
    }
    List<Change> marked = new ArrayList<>(changes.size());
    for (Change c : changes) {
      marked.add(
          blocked.contains(c.path())
              ? new Change(
                  c.path(),
                  c.local(),
                  c.remote(),
                  Action.COLLISION,
                  c.localFile(),
                  c.remoteEntry(),
                  c.base())
              : c);
    }
    return new Plan(marked);
  }

  /**
   * Whether a file is at the path once the plan is applied: a push keeps the local side, a pull the
   * remote one; a conflict may keep either, so it counts when either side has one.
   */
  private static boolean existsAfter(Change c) {
    return switch (c.action()) {
      case PUSH -> c.localFile().isPresent();
      case PULL -> c.remoteEntry().isPresent();
      case IN_SYNC -> c.localFile().isPresent() && c.remoteEntry().isPresent();
      case CONFLICT, COLLISION -> c.localFile().isPresent() || c.remoteEntry().isPresent();
    };
  }

  /**
   * Paths that cannot be synced because one name would be a file and a directory at once, once the
   * plan is applied ({@code after}: so a directory that became a file, d/x deleted and d added, is
   * no collision): keys {@code a} and {@code a/b}, a local file {@code conf} and a key {@code
   * conf/x}, a local directory {@code a/} and a key {@code a}. A local file stays where it is, and
   * the keys below it are the collision (and so is the file, if pushing it would put a file where
   * the store has a directory); otherwise the remote file is, with any local file below it that
   * pushing would turn into the same clash.
   */
  static Set<String> collisions(Set<String> after, Set<String> remote, Set<String> local) {
    Set<String> blocked = new HashSet<>();
    for (String path : after) {
      for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
        String dir = path.substring(0, i);
        if (!after.contains(dir)) {
          continue; // no file of that name once the plan is applied: a directory, cleanly
        }
        if (local.contains(dir)) {
          if (remote.contains(path)) {
            blocked.add(path);
          }
          if (!remote.contains(dir)) {
            blocked.add(dir);
          }
        } else if (remote.contains(dir)) {
          blocked.add(dir);
          if (local.contains(path) && !remote.contains(path)) {
            blocked.add(path);
          }
        }
      }
    }
    return blocked;
  }

  static Side side(Optional<Content> now, Optional<SyncRecord> base) {
    if (base.isEmpty()) {
      return now.isPresent() ? Side.ADDED : Side.UNCHANGED;
    }
    if (now.isEmpty()) {
      return Side.DELETED;
    }
    return now.get().sameAs(base.get().content()) ? Side.UNCHANGED : Side.MODIFIED;
  }

  static Action action(Side x, Side y, Optional<Content> local, Optional<Content> remote) {
    boolean localChanged = x != Side.UNCHANGED;
    boolean remoteChanged = y != Side.UNCHANGED;
    if (localChanged && remoteChanged) {
      // Both moved; if they moved to the same place there is nothing to do but record it.
      boolean same =
          local.isEmpty()
              ? remote.isEmpty()
              : remote.isPresent() && local.get().sameAs(remote.get());
      return same ? Action.IN_SYNC : Action.CONFLICT;
    }
    if (localChanged) {
      return Action.PUSH;
    }
    return remoteChanged ? Action.PULL : Action.IN_SYNC;
  }
}
