package io.fileconsul.app;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.PathText;
import io.fileconsul.core.Problem;
import io.fileconsul.fs.LocalTree;
import io.fileconsul.store.EncodedTxn;
import io.fileconsul.store.OpsLimitExceeded;
import io.fileconsul.store.TxnBatcher;
import io.fileconsul.store.TxnOp;
import io.fileconsul.store.TxnRejectedException;
import io.fileconsul.sync.Action;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.Guards;
import io.fileconsul.sync.KeyPaths;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.ModeFlags;
import io.fileconsul.sync.PathFilter;
import io.fileconsul.sync.RemoteEntry;
import io.fileconsul.sync.SyncRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Uploads local changes. Every write is a compare-and-set against the ModifyIndex read when the
 * plan was made, so a concurrent writer's change is never silently overwritten.
 */
public final class Pusher {
  /** --dry-run, --force (local wins conflicts, mass deletes allowed), --prune (mirror exactly). */
  public record Options(boolean dryRun, boolean force, boolean prune) {}

  private final Workspace ws;
  private final RemoteWriter remote;
  private final String prefix;
  private final long maxValueSize;
  private final Progress progress;

  public Pusher(Workspace ws, Progress progress) {
    this(ws, ws.remoteWriter(), ws.settings().prefix(), ws.settings().maxValueSize(), progress);
  }

  /** Writes through {@code remote} only; {@code ws} plans the push and keeps its record. */
  Pusher(Workspace ws, RemoteWriter remote, String prefix, long maxValueSize, Progress progress) {
    this.ws = ws;
    this.remote = remote;
    this.prefix = prefix;
    this.maxValueSize = maxValueSize;
    this.progress = progress;
  }

  public SyncResult push(PathFilter filter, Options opts) {
    if (opts.dryRun()) {
      return run(ws.snapshot(filter), opts);
    }
    ws.requireBasepath(); // before the lock, which would create it
    return ws.locked(() -> run(ws.snapshot(filter), opts));
  }

  private SyncResult run(Snapshot snap, Options opts) {
    boolean localWins = opts.force() || opts.prune();
    List<Change> selected = new ArrayList<>();
    List<Change> conflicts = new ArrayList<>();
    for (Change c : snap.plan().changes()) {
      if (c.localFile().filter(f -> f.content().special()).isPresent()) {
        continue; // a FIFO or device: reading it could block; the scan warned about it
      }
      if (c.action() == Action.PUSH
          || c.action() == Action.CONFLICT && localWins
          || c.action() == Action.PULL && opts.prune()) {
        selected.add(c);
      } else if (c.action() == Action.CONFLICT || c.action() == Action.COLLISION) {
        conflicts.add(c);
      }
    }
    checkGuards(snap, selected, opts);
    if (opts.dryRun()) {
      return new SyncResult(Direction.PUSH, selected, conflicts, snap.warnings(), true, List.of());
    }

    List<Change> work = new ArrayList<>();
    Map<String, SyncRecord> updated = new HashMap<>();
    for (Change c : selected) {
      if (c.localFile().isPresent() || c.remoteEntry().isPresent()) {
        work.add(c);
      } else {
        updated.put(c.path(), null); // gone on both sides already: only the record goes
      }
    }
    List<Change> applied = new ArrayList<>();
    Optional<Problem> failure = Optional.empty();
    try {
      List<Change> left = work;
      while (!left.isEmpty() && failure.isEmpty()) {
        try {
          List<TxnBatcher.Batch<Change>> batches =
              TxnBatcher.batches(left, this::opSize, remote.limits());
          try (ReadAhead<TxnBatcher.Batch<Change>, Prepared> ahead =
              new ReadAhead<>(batches, b -> prepare(b, snap.takenAtNanos()))) {
            for (TxnBatcher.Batch<Change> batch : batches) {
              Prepared p = ahead.next();
              failure = p.problem().or(() -> send(batch, p, updated));
              if (failure.isPresent()) {
                break; // what went before stays written and recorded
              }
              applied.addAll(batch.items());
              progress.update("pushing", applied.size(), work.size());
            }
          }
          left = List.of();
        } catch (OpsLimitExceeded e) {
          // An older agent takes fewer operations; nothing of that batch was applied.
          left = work.subList(applied.size(), work.size());
        }
      }
    } catch (FileconsulException e) {
      failure = Optional.of(Problem.of(e)); // Consul went away, or a file could not be read
    } finally {
      ws.saveRecord(snap, updated, indexAfter(snap, applied));
    }
    return new SyncResult(
        Direction.PUSH, applied, conflicts, snap.warnings(), false, failure.stream().toList());
  }

  private void checkGuards(Snapshot snap, List<Change> selected, Options opts) {
    List<Change> uploads = selected.stream().filter(c -> c.localFile().isPresent()).toList();
    List<Guards.Oversize> big = Guards.oversized(uploads, maxValueSize);
    if (!big.isEmpty()) {
      throw new FileconsulException(
          ExitCode.REFUSED,
          big.size()
              + " file(s) over the "
              + maxValueSize
              + "-byte value limit, so nothing was pushed: "
              + big.stream()
                  .map(o -> PathText.quote(o.path()) + " (" + o.size() + " bytes)")
                  .collect(Collectors.joining(", "))
              + "; shrink them or list them in .fileconsulignore");
    }
    long creates =
        selected.stream()
            .filter(c -> c.localFile().isPresent() && c.remoteEntry().isEmpty())
            .count();
    if (snap.otherRecords() && creates > 0 && !opts.force()) {
      // The directory was synced, but not with this store (or not under this name): its files
      // may be keys somebody deleted here on purpose, and pushing would bring them back.
      throw new FileconsulException(
          ExitCode.REFUSED,
          "the share directory was synced with"
              + " another store before "
              + remote.describe()
              + " (or with this one under another"
              + " name), so the "
              + creates
              + " file(s) missing from "
              + prefix
              + "/ may be keys somebody deleted here on purpose; nothing was pushed. Check with"
              + " 'fileconsul status', then 'fileconsul push --force' to create them");
    }
    MassDeleteGuard.check(Direction.PUSH, snap, selected, opts.force(), prefix);
  }

  /**
   * The index to record: the listing's, or the prefix's index now when this push deleted keys. A
   * transaction reports no index for a delete, and without it a handler payload from between the
   * listing and the delete would look current and bring the deleted file back.
   */
  private long indexAfter(Snapshot snap, List<Change> applied) {
    if (applied.stream().noneMatch(c -> c.localFile().isEmpty())) {
      return snap.listing().index();
    }
    try {
      return Math.max(snap.listing().index(), remote.prefixIndex(prefix));
    } catch (FileconsulException e) {
      // Unknown: the listing's index is what the record said before this fix, never too high.
      return snap.listing().index();
    }
  }

  private long opSize(Change c) {
    Optional<LocalFile> local = c.localFile();
    return remote.limits().opSize().of(op(c, null), local.map(f -> f.content().size()).orElse(0L));
  }

  private TxnOp op(Change c, byte[] value) {
    String key = KeyPaths.key(prefix, c.path());
    long index = c.remoteEntry().map(RemoteEntry::modifyIndex).orElse(0L);
    if (c.localFile().isEmpty()) {
      return TxnOp.delete(key, index);
    }
    return TxnOp.write(
        key,
        value == null ? new byte[0] : value,
        ModeFlags.encode(c.localFile().get().content().mode()),
        index);
  }

  /**
   * A batch's operations, its files read, and their contents as uploaded (null for a delete); or
   * why it must not be sent.
   */
  private record Prepared(EncodedTxn txn, List<Content> contents, Optional<Problem> problem) {
    static Prepared refused(Problem problem) {
      return new Prepared(null, List.of(), Optional.of(problem));
    }
  }

  /**
   * Reads a batch's files and checks each is what the scan saw; a file the scan left unhashed is
   * hashed here, from the bytes uploaded. The store encodes the batch here too. Run on {@link
   * ReadAhead}'s thread while the batch before is sent, so it only reads: nothing here writes or
   * reports.
   */
  private Prepared prepare(TxnBatcher.Batch<Change> batch, long takenAtNanos) {
    List<TxnOp> ops = new ArrayList<>();
    List<Content> contents = new ArrayList<>();
    for (Change c : batch.items()) {
      byte[] bytes = null;
      Content content = null;
      if (c.localFile().isPresent()) {
        LocalTree.Read read = ws.localRead(c.path());
        bytes = read.bytes();
        content = c.localFile().get().content();
        if (unchangedSinceScan(c.localFile().get(), read, takenAtNanos)) {
          content = content.hashed() ? content : content.withHash(DigestUtils.sha256Hex(bytes));
        } else if (!content.hashed() || !DigestUtils.sha256Hex(bytes).equals(content.sha256())) {
          // else the record would lie
          return Prepared.refused(PushProblems.changedWhilePushed(c));
        }
      }
      ops.add(op(c, bytes));
      contents.add(content);
    }
    EncodedTxn txn = batch.single() ? new EncodedTxn(ops, null, null) : remote.encode(ops);
    return new Prepared(txn, contents, Optional.empty());
  }

  /** Writes one batch and records it; returns why it was not written, if it was not. */
  private Optional<Problem> send(
      TxnBatcher.Batch<Change> batch, Prepared prepared, Map<String, SyncRecord> updated) {
    List<TxnOp> ops = prepared.txn().ops();
    Map<String, Long> indexes;
    if (batch.single()) {
      TxnOp op = ops.get(0);
      if (!remote.putCas(op)) {
        return Optional.of(PushProblems.casLost(remote, List.of(batch.items().get(0).path())));
      }
      // A PUT answers only "true": read the key back for the index Consul gave it, which the
      // record needs so that a handler payload from before this write is known to be older.
      indexes = remote.modifyIndex(op).map(i -> Map.of(op.key(), i)).orElse(Map.of());
    } else {
      try {
        indexes = remote.txn(prepared.txn());
      } catch (TxnRejectedException e) {
        return Optional.of(PushProblems.rejected(remote, prefix, e, batch.items()));
      }
    }
    for (int i = 0; i < batch.items().size(); i++) {
      Change c = batch.items().get(i);
      if (c.localFile().isEmpty()) {
        updated.put(c.path(), null);
      } else {
        updated.put(
            c.path(),
            new SyncRecord(
                c.path(),
                prepared.contents().get(i),
                indexes.getOrDefault(ops.get(i).key(), 0L),
                c.localFile().get().stamp()));
      }
    }
    return Optional.empty();
  }

  /**
   * True when the bytes just read are the ones the scan hashed, without hashing them again: the
   * stamp after the read is the scan's, and the scan's was settled before the snapshot began (so an
   * edit since would have changed its ctime). SHA-256 under the C1-only JIT is about 150 MB/s: the
   * second pass was a third of an initial push's CPU at 10,000 files. Otherwise the caller hashes,
   * as before.
   */
  private static boolean unchangedSinceScan(LocalFile scanned, LocalTree.Read read, long taken) {
    return read.bytes().length == scanned.content().size()
        && scanned.stamp().sameFileAs(read.stampAfter())
        && scanned.stamp().ctimeNanos() == read.stampAfter().ctimeNanos()
        && scanned.stamp().settledBefore(taken);
  }
}
