package io.fileconsul.sync;

import io.fileconsul.core.PathText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The remote side of a plan, made from a listing: each key mapped to the path it names, unsafe keys
 * warned about and left out, ignored and unselected paths dropped, keys fileconsul does not manage
 * (ForeignKeys) set apart, and the sync record cut down to the paths this run may touch. Pure: the
 * caller lists the store and reads the ignore file.
 */
public final class RemoteSide {
  private RemoteSide() {}

  /** One listed key as the planner needs it, without its value; {@code session} may be empty. */
  public record Listed(
      String key, long flags, String session, String sha256, long size, long modifyIndex) {}

  /**
   * What bounds this run: the KV prefix, the byte length of the share directory's absolute path (a
   * longer path could not be created under it), the paths selected, and the ignore rules.
   */
  public record Scope(
      String prefix, int basepathBytes, PathFilter filter, Predicate<String> ignored) {}

  /**
   * {@code entries} by path (sorted), the selected paths of keys fileconsul does not manage (byte
   * order; a local file never goes over one), the record of the paths in scope, and a warning for
   * each unsafe key.
   */
  public record Mapped(
      Map<String, RemoteEntry> entries,
      SortedSet<String> notManaged,
      SyncBase scoped,
      List<String> warnings) {}

  public static Mapped map(Scope scope, List<Listed> listed, SyncBase base) {
    Map<String, RemoteEntry> remote = new TreeMap<>();
    SortedSet<String> notManaged = new TreeSet<>(PathOrder.BYTES);
    List<String> warnings = new ArrayList<>();
    for (Listed e : listed) {
      KeyPaths.Mapping m = KeyPaths.map(scope.prefix(), e.key(), scope.basepathBytes());
      if (m instanceof KeyPaths.Unsafe u) {
        warnings.add("skipping unsafe key " + PathText.quote(e.key()) + ": " + u.reason());
      } else if (m instanceof KeyPaths.SyncPath p
          && ForeignKeys.notManaged(e.flags(), e.session())) {
        if (scope.filter().matches(p.path())) {
          notManaged.add(p.path());
        }
      } else if (m instanceof KeyPaths.SyncPath p
          && !scope.ignored().test(p.path())
          && scope.filter().matches(p.path())) {
        remote.put(
            p.path(),
            new RemoteEntry(
                p.path(),
                e.key(),
                new Content(e.sha256(), e.size(), ModeFlags.decode(e.flags())),
                e.modifyIndex(),
                e.flags()));
      }
    }
    return new Mapped(
        Collections.unmodifiableMap(remote),
        Collections.unmodifiableSortedSet(notManaged),
        scoped(scope, base, notManaged),
        List.copyOf(warnings));
  }

  private static SyncBase scoped(Scope scope, SyncBase base, Set<String> notManaged) {
    Map<String, SyncRecord> inScope = new HashMap<>();
    base.records()
        .forEach(
            (path, r) -> {
              if (scope.filter().matches(path)
                  && !scope.ignored().test(path)
                  && !notManaged.contains(path)) {
                inScope.put(path, r);
              }
            });
    return new SyncBase(base.known(), inScope, base.savedAtNanos(), base.remoteIndex());
  }
}
