package io.fileconsul.app;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.LocalErrors;
import io.fileconsul.fs.IgnoreRules;
import io.fileconsul.fs.LateHashes;
import io.fileconsul.fs.LocalScanner;
import io.fileconsul.fs.LocalTree;
import io.fileconsul.state.BasepathLock;
import io.fileconsul.state.StateStore;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.KvValue;
import io.fileconsul.store.Listing;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.PathFilter;
import io.fileconsul.sync.Plan;
import io.fileconsul.sync.Planner;
import io.fileconsul.sync.RemoteEntry;
import io.fileconsul.sync.RemoteSide;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.SyncRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One share directory bound to one KV prefix: reads both sides and the sync record into a {@link
 * Snapshot}, serves the bytes behind it, and saves the record after a push or pull.
 */
public final class Workspace {
  private final KvStore store;
  private final SyncSettings settings;
  private final StateStore state;
  private final LocalTree tree;
  private final Clock clock;
  private final RemoteRead remoteRead;

  public Workspace(KvStore store, SyncSettings settings, StateStore state, Clock clock) {
    this(store, settings, state, clock, new RemoteRead(store, settings.prefix()));
  }

  private Workspace(
      KvStore store, SyncSettings settings, StateStore state, Clock clock, RemoteRead read) {
    this.store = store;
    this.settings = settings;
    this.state = state;
    this.tree = new LocalTree(settings.basepath());
    this.clock = clock;
    this.remoteRead = read;
  }

  /** This workspace over another store, e.g. this one's counted for metrics (CountingStore). */
  public Workspace over(KvStore other) {
    return new Workspace(other, settings, state, clock);
  }

  /**
   * --stale: listings from any server, read again from the leader when older than the record;
   * single values (a delete's check) still from the leader.
   */
  public Workspace readingStale() {
    RemoteRead stale = new RemoteRead(store.staleReads(), settings.prefix(), store);
    return new Workspace(store, settings, state, clock, stale);
  }

  /** For Watcher's blocking queries. */
  KvStore store() {
    return store;
  }

  SyncSettings settings() {
    return settings;
  }

  /** The only store calls a push makes. */
  RemoteWriter remoteWriter() {
    return RemoteWriter.over(store);
  }

  /** The only share-directory calls a pull makes. */
  LocalWriter localWriter() {
    return LocalWriter.over(tree);
  }

  /**
   * What the record as saved now knows of each key, read unlocked (the snapshot reads it again).
   */
  Map<String, KvStore.Known> known() {
    return RemoteRead.known(settings.prefix(), state.load().base());
  }

  /** Runs {@code work} holding the share directory's lock, which keeps other writers out. */
  <T> T locked(Supplier<T> work) {
    try (BasepathLock lock = BasepathLock.acquire(settings.basepath())) {
      return work.get();
    }
  }

  public Snapshot snapshot(PathFilter filter) {
    return snapshot(filter, Optional.empty());
  }

  /**
   * As {@link #snapshot(PathFilter)}, with the remote side {@code given} (a consul watch payload or
   * a blocking query's answer) instead of read. A payload older than what this directory already
   * synced is not trusted: overlapping handlers could otherwise roll files back.
   */
  public Snapshot snapshot(PathFilter filter, Optional<Listing> given) {
    requireBasepath();
    long takenAt = nanos(clock.instant());
    List<String> warnings = new ArrayList<>();
    StateStore.Loaded loaded = state.load();
    loaded.warning().ifPresent(warnings::add);
    SyncBase base = loaded.base();
    // Against the index of the last listing applied too: a delete raises no key's index.
    Optional<Listing> current = given.filter(l -> l.index() >= base.syncedIndex());
    int basepathBytes = tree.basepath().toString().getBytes(StandardCharsets.UTF_8).length;
    ScanAhead ahead = ScanAhead.start(settings.basepath(), filter, base, takenAt);
    Optional<RemoteRead.FromRecord> fromRecord;
    Listing listing;
    try {
      fromRecord =
          current.isPresent() ? Optional.empty() : remoteRead.fromRecord(loaded, basepathBytes);
      listing =
          current
              .or(() -> fromRecord.map(RemoteRead.FromRecord::listing))
              .orElseGet(() -> remoteRead.full(base));
    } catch (RuntimeException | Error e) {
      ahead.settle();
      throw e;
    }
    IgnoreRules ignore = remoteRead.ignoreRules(ahead.localRules(), listing, base);
    LocalScanner.Scan scan =
        ahead
            .scanFor(ignore)
            .orElseGet(() -> LocalScanner.scan(settings.basepath(), ignore, filter, base, takenAt));
    warnings.addAll(scan.warnings());
    RemoteSide.Mapped remote =
        RemoteSide.map(
            new RemoteSide.Scope(settings.prefix(), basepathBytes, filter, ignore::ignored),
            RemoteRead.listed(listing),
            base);
    warnings.addAll(remote.warnings());
    Map<String, LocalFile> local = new TreeMap<>(scan.files());
    local.keySet().removeAll(remote.notManaged()); // a local file never goes over a lock key
    LateHashes.whereKeyed(tree, local, remote.entries().keySet());
    Plan plan = Planner.plan(local, remote.entries(), remote.scoped());
    FirstRun.warning(loaded, plan, store.describe(), settings.prefix(), state.identity())
        .ifPresent(warnings::add);
    return new Snapshot(
        plan,
        listing,
        base,
        warnings,
        takenAt,
        scan.leftovers(),
        loaded.othersExist(),
        List.copyOf(remote.notManaged()),
        filter.selectsAll(),
        fromRecord.map(RemoteRead.FromRecord::rangesRead).orElse(-1));
  }

  /**
   * Saves what a read-only run (status, diff) learned, as git status refreshes its index: the
   * record's file stamps, and whether the remote matches it, so the next run can skip the values.
   * Only when the directory's lock is free and nobody saved the record since the snapshot; a
   * refresh that cannot happen is no error.
   */
  public void refreshRecord(Snapshot snapshot) {
    if (!snapshot.wholePrefix() || !snapshot.base().known()) {
      return;
    }
    NextRecord next = NextRecord.of(snapshot, Map.of(), snapshot.listing().index());
    if (state.holdsAlready(
        next.records(), next.remoteIndex(), next.guardCreates(), next.remoteExact())) {
      return; // the file says all this already
    }
    Optional<BasepathLock> lock = BasepathLock.tryAcquire(settings.basepath());
    if (lock.isEmpty()) {
      return;
    }
    try (BasepathLock held = lock.get()) {
      if (state.load().base().savedAtNanos() == snapshot.base().savedAtNanos()) {
        save(snapshot, next);
      }
    } catch (FileconsulException e) {
      // a read-only share directory, a full disk: status still answered
    }
  }

  /** Creates the share directory for a pull (its lock lives in it). */
  void createBasepath() {
    try {
      Files.createDirectories(settings.basepath());
    } catch (IOException e) {
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "cannot create the share directory "
              + settings.basepath()
              + ": "
              + LocalErrors.describe(e)
              + "; check --basepath");
    }
  }

  /** A mistyped --basepath must fail, not read as "every file was deleted". */
  void requireBasepath() {
    if (!Files.isDirectory(settings.basepath())) {
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "the share directory "
              + settings.basepath()
              + " does not exist; check --basepath (pull creates it when it is not a dry run)");
    }
  }

  /** Bytes of a remote entry: from the listing if it kept them, else read again. */
  public Optional<KvValue> remoteValue(Snapshot snapshot, RemoteEntry entry) {
    Optional<byte[]> kept = snapshot.listing().value(entry.key());
    if (kept.isPresent()) {
      return Optional.of(new KvValue(entry.key(), kept.get(), entry.flags(), entry.modifyIndex()));
    }
    return store.get(entry.key());
  }

  /** Whether the store holds {@code key} now, by a single GET (see Puller on why not a listing). */
  boolean remoteHolds(String key) {
    return store.get(key).isPresent();
  }

  public byte[] localBytes(String path) {
    return localRead(path).bytes();
  }

  /** The file's bytes and its stamp after reading them. */
  LocalTree.Read localRead(String path) {
    try {
      return tree.readStamped(path);
    } catch (IOException e) {
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "cannot read " + path + ": " + LocalErrors.describe(e) + "; check its permissions");
    }
  }

  /**
   * Saves the record: {@code updated} replaces the old one path by path (null removes a path),
   * paths in sync are refreshed, and paths outside this run are kept as they were.
   */
  void saveRecord(Snapshot snapshot, Map<String, SyncRecord> updated) {
    saveRecord(snapshot, updated, snapshot.listing().index());
  }

  /**
   * As {@link #saveRecord(Snapshot, Map)}, with the remote index the run reached, which may be
   * newer than its listing's (a push's deletes).
   */
  void saveRecord(Snapshot snapshot, Map<String, SyncRecord> updated, long remoteIndex) {
    save(snapshot, NextRecord.of(snapshot, updated, remoteIndex));
  }

  private void save(Snapshot snapshot, NextRecord next) {
    state.save(
        next.records(),
        snapshot.takenAtNanos(),
        next.remoteIndex(),
        next.guardCreates(),
        next.remoteExact());
  }

  /** What a save after {@code snapshot} writes, computed once for the check and the save. */
  private record NextRecord(
      Map<String, SyncRecord> records,
      long remoteIndex,
      boolean guardCreates,
      boolean remoteExact) {
    static NextRecord of(Snapshot snapshot, Map<String, SyncRecord> updated, long remoteIndex) {
      Map<String, SyncRecord> records = RecordUpdate.records(snapshot, updated);
      return new NextRecord(
          records,
          remoteIndex,
          RecordUpdate.guardCreates(snapshot, updated),
          snapshot.remoteExact(records, updated, remoteIndex));
    }
  }

  private static long nanos(Instant i) {
    return ChronoUnit.NANOS.between(Instant.EPOCH, i);
  }
}
