package io.fileconsul.app;

import io.fileconsul.app.PullSteps.Step;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.LocalErrors;
import io.fileconsul.core.PathText;
import io.fileconsul.core.Problem;
import io.fileconsul.fs.LocalTree;
import io.fileconsul.store.KvValue;
import io.fileconsul.store.Listing;
import io.fileconsul.sync.Action;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.KeyPaths;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.ModeFlags;
import io.fileconsul.sync.PathFilter;
import io.fileconsul.sync.SyncRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes remote changes into the share directory, one atomic file at a time. A file changed locally
 * since the last sync is never overwritten or deleted without --force, and neither is one that
 * changes while the pull runs.
 */
public final class Puller {
  /** --dry-run, --force (remote wins conflicts, mass deletes allowed). */
  public record Options(boolean dryRun, boolean force) {}

  /**
   * From this many files to write, a pull stages them all, makes them durable with one sync of the
   * file system and only then renames them into place, instead of an fsync per file (each file is
   * still wholly old or wholly new, and the record is saved after): one sync and its process cost
   * about what 64 files' fsyncs do on eight threads.
   */
  static final int STAGE_FROM = 64;

  /** Runs before anything is written, with the changes to apply; throws to refuse them all. */
  @FunctionalInterface
  interface Check {
    void verify(Snapshot snap, List<Change> selected);

    default void stop() {}
  }

  private final Workspace ws;
  private final LocalWriter tree;
  private final String prefix;
  private final Progress progress;
  private final Optional<Check> check;

  public Puller(Workspace ws, Progress progress) {
    this(ws, ws.localWriter(), ws.settings().prefix(), progress, Optional.empty());
  }

  /** Writes through {@code tree} only; {@code ws} plans the pull and keeps its record. */
  Puller(Workspace ws, LocalWriter tree, String prefix, Progress progress) {
    this(ws, tree, prefix, progress, Optional.empty());
  }

  private Puller(
      Workspace ws, LocalWriter tree, String prefix, Progress progress, Optional<Check> check) {
    this.ws = ws;
    this.tree = tree;
    this.prefix = prefix;
    this.progress = progress;
    this.check = check;
  }

  /**
   * This puller, applying a change only when {@code command} ({@code {}} the staged tree's
   * directory) exits 0 on the tree as the pull would leave it (--check); else it throws exit 4.
   */
  public Puller checkedBy(String command, java.time.Duration timeout, WatchMetrics metrics) {
    return new Puller(
        ws, tree, prefix, progress, Optional.of(new StagedCheck(ws, command, timeout, metrics)));
  }

  /** Stops a running --check command (a SIGTERM); none starts after this. */
  public void stopCheck() {
    check.ifPresent(Check::stop);
  }

  public SyncResult pull(PathFilter filter, Options opts) {
    return pull(filter, opts, Optional.empty());
  }

  /** Pulls with the remote side {@code given}, e.g. from consul watch's stdin. */
  public SyncResult pull(PathFilter filter, Options opts, Optional<GivenRemote> given) {
    // Read before anything is created or locked: a bad payload writes nothing, and a stdin that
    // never ends holds no lock. The record it consults is read unlocked (Workspace.known).
    Optional<Listing> listing = given.map(g -> g.read(ws.known()));
    if (opts.dryRun()) {
      return run(ws.snapshot(filter, listing), opts);
    }
    ws.createBasepath();
    return ws.locked(() -> run(ws.snapshot(filter, listing), opts));
  }

  private SyncResult run(Snapshot snap, Options opts) {
    List<Change> selected = new ArrayList<>();
    List<Change> conflicts = new ArrayList<>();
    for (Change c : snap.plan().changes()) {
      boolean special = c.localFile().filter(f -> f.content().special()).isPresent();
      if (c.action() == Action.PULL || c.action() == Action.CONFLICT && opts.force() && !special) {
        selected.add(c);
      } else if (c.action() == Action.CONFLICT || c.action() == Action.COLLISION) {
        // A FIFO or device is never replaced, not even with --force (README "Storage format").
        conflicts.add(c);
      }
    }
    // Deletes first: a directory that became a file (d/x gone, d new) needs d/x out of the way.
    selected.sort(java.util.Comparator.comparing((Change c) -> c.remoteEntry().isPresent()));
    MassDeleteGuard.check(Direction.PULL, snap, selected, opts.force(), prefix);
    if (opts.dryRun()) {
      return new SyncResult(Direction.PULL, selected, conflicts, snap.warnings(), true, List.of());
    }
    if (!selected.isEmpty()) {
      check.ifPresent(c -> c.verify(snap, selected)); // refuses before anything is written
    }

    List<String> warnings = new ArrayList<>(snap.warnings());
    for (Path leftover : snap.leftovers()) {
      // Every writer makes temp files only under the lock we hold: these are a killed run's.
      try {
        tree.removeLeftover(leftover); // through directory handles: no symlink is followed
      } catch (IOException e) {
        warnings.add(
            "cannot remove the leftover temp file " + leftover + ": " + LocalErrors.describe(e));
      }
    }
    List<String> failures = new ArrayList<>();
    List<Change> applied = new ArrayList<>();
    Map<String, SyncRecord> updated = new HashMap<>();
    Optional<Problem> stopped = Optional.empty();
    int writes = (int) selected.stream().filter(c -> c.remoteEntry().isPresent()).count();
    boolean staging = writes >= STAGE_FROM && tree.syncsAtOnce(writes);
    try {
      for (Step step : placed(PullSteps.run(selected, c -> step(snap, c, staging)))) {
        switch (step.kind()) {
          case APPLIED -> {
            applied.add(step.change());
            updated.put(step.change().path(), step.record());
          }
          case CHANGED -> conflicts.add(step.change());
          case SKIPPED -> warnings.add(step.text());
          case FAILED -> failures.add(step.text());
          // Consul went away mid-pull (a delete's check, a value read again): what was applied
          // stays applied and recorded, and the conflicts met so far are still reported.
          case STOPPED -> stopped = stopped.or(() -> Optional.of(Problem.of(step.stop())));
          case STAGED -> throw new IllegalStateException("placed() leaves no staged step");
        }
        progress.update("pulling", applied.size(), selected.size());
      }
    } finally {
      try {
        tree.flush(); // the renames durable before the record claims them
      } catch (IOException e) {
        failures.add("the share directory (" + LocalErrors.describe(e) + ")");
        updated.clear(); // nothing is claimed that a crash could still undo
      }
      ws.saveRecord(snap, updated);
    }
    List<Problem> met = new ArrayList<>();
    if (!failures.isEmpty()) {
      met.add(
          new Problem(
              ExitCode.LOCAL_IO,
              failures.size()
                  + " file(s) could not be written: "
                  + String.join(", ", failures)
                  + "; fix the share directory and pull again"));
    }
    stopped.ifPresent(met::add); // met last: it ended the loop
    return new SyncResult(Direction.PULL, applied, conflicts, warnings, false, met);
  }

  /**
   * The staged steps' files made durable at once, then put in place (on the writer threads); every
   * other step as it was, all in their order.
   */
  private List<Step> placed(List<Step> steps) {
    List<Step> staged = steps.stream().filter(s -> s.kind() == Step.Kind.STAGED).toList();
    if (staged.isEmpty()) {
      return steps;
    }
    Map<LocalWriter.Staged, IOException> lost =
        tree.durable(staged.stream().map(s -> s.staging().file()).toList());
    Iterator<Step> done =
        PullSteps.each(staged, s -> place(s, lost.get(s.staging().file()))).iterator();
    return steps.stream().map(s -> s.kind() == Step.Kind.STAGED ? done.next() : s).toList();
  }

  /**
   * A staged step applied; or failed, because its file could not be made durable or placed; or a
   * conflict, because the file changed since the scan. That is checked again here, just before the
   * rename: since the check before staging, every other file was staged and the file system synced.
   */
  private Step place(Step s, IOException lost) {
    Change c = s.change();
    try {
      if (lost != null) {
        return failed(c, lost); // its temp file is gone
      }
      if (!unchangedSinceScan(c)) {
        tree.discard(s.staging().file());
        return Step.of(Step.Kind.CHANGED, c);
      }
    } catch (IOException e) {
      tree.discard(s.staging().file());
      return failed(c, e);
    }
    try {
      LocalFile written = tree.place(s.staging().file()); // on failure its temp file is gone
      return Step.applied(
          c,
          new SyncRecord(c.path(), written.content(), s.staging().modifyIndex(), written.stamp()));
    } catch (IOException e) {
      return failed(c, e);
    }
  }

  /** One change applied, or why not; runs on a writer thread of PullSteps for a file's write. */
  private Step step(Snapshot snap, Change c, boolean staging) {
    try {
      return unchangedSinceScan(c) ? apply(snap, c, staging) : Step.of(Step.Kind.CHANGED, c);
    } catch (IOException e) {
      return failed(c, e);
    } catch (FileconsulException e) {
      return Step.stopped(c, e);
    }
  }

  private static Step failed(Change c, IOException e) {
    return Step.failed(c, PathText.quote(c.path()) + " (" + LocalErrors.describe(e) + ")");
  }

  /** Skipped when the key vanished since the listing (the next pull deletes the file). */
  private Step apply(Snapshot snap, Change c, boolean staging) throws IOException {
    if (c.remoteEntry().isEmpty()) {
      // A key missing from a listing may only be hidden: Consul filters what the token may not
      // read without saying so for the anonymous token. A single GET checks ACLs before existence.
      if (ws.remoteHolds(KeyPaths.key(prefix, c.path()))) {
        return Step.skipped(
            c,
            PathText.quote(c.path())
                + " is back in "
                + ws.store().kind()
                + " since the listing; the next pull applies it");
      }
      tree.delete(c.path());
      return Step.applied(c, null);
    }
    Optional<KvValue> value = ws.remoteValue(snap, c.remoteEntry().get());
    if (value.isEmpty()) {
      return Step.skipped(
          c,
          PathText.quote(c.path())
              + " was deleted from "
              + ws.store().kind()
              + " during this pull; the next pull applies it");
    }
    KvValue v = value.get();
    // The same index is the same write: the bytes the listing hashed.
    String sha =
        v.modifyIndex() == c.remoteEntry().get().modifyIndex()
            ? c.remoteEntry().get().content().sha256()
            : null;
    int mode = ModeFlags.decode(v.flags());
    if (staging) {
      LocalWriter.Staged file = tree.stage(c.path(), v.value(), mode, sha);
      return Step.staged(c, new PullSteps.Staging(file, v.modifyIndex()));
    }
    LocalFile written = tree.write(c.path(), v.value(), mode, sha);
    return Step.applied(
        c, new SyncRecord(c.path(), written.content(), v.modifyIndex(), written.stamp()));
  }

  private boolean unchangedSinceScan(Change c) throws IOException {
    Optional<LocalTree.Stat> now = tree.stat(c.path());
    Optional<LocalFile> scanned = c.localFile();
    if (scanned.isEmpty() || now.isEmpty()) {
      return scanned.isEmpty() == now.isEmpty();
    }
    return now.get().size() == scanned.get().content().size()
        && scanned.get().stamp().sameFileAs(now.get().stamp());
  }
}
