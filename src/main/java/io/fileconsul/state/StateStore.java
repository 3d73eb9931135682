package io.fileconsul.state;

import com.google.gson.JsonParseException;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.LocalErrors;
import io.fileconsul.fs.StateDirectory;
import io.fileconsul.state.RecordFile.StateFile;
import io.fileconsul.sync.KeyPaths;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.SyncRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The sync record, one JSON file per store identity + prefix, in basepath's {@code .fileconsul/}
 * directory (never synced). The identity names the cluster and datacenter, not the address as
 * typed, so {@code localhost:8500} and {@code http://127.0.0.1:8500} share one record. Written
 * atomically; a missing or unreadable record is reported as a warning and read as a first run.
 */
public final class StateStore {
  private static final int VERSION = RecordFile.VERSION;

  private final Path basepath;
  private final Path file;
  private static final int MAX_SPELLINGS = 8;

  private final String identity;
  private final String prefix;
  private final String spelling;
  private Optional<Path> legacy = Optional.empty();
  private List<String> spellings = List.of();
  private Optional<Held> loaded = Optional.empty();

  /** {@code spelling}: the address (and --dc) as given this run, remembered for handler runs. */
  public StateStore(Path basepath, String identity, String prefix, String spelling) {
    this.identity = identity;
    this.prefix = prefix;
    this.spelling = spelling;
    this.basepath = basepath;
    this.file =
        basepath
            .resolve(KeyPaths.STATE_DIR)
            .resolve("state-" + id(identity + "\n" + prefix) + ".json");
  }

  /**
   * The identity of the store that a run with this address spelling synced {@code prefix} with,
   * read from the records, so a consul watch handler costs the agent no request to learn it.
   */
  public static Optional<String> identityFor(Path basepath, String prefix, String spelling) {
    // Several can match (the cluster behind the address was rebuilt): the newest one is current.
    Optional<StateFile> newest = Optional.empty();
    for (String name : records(basepath)) {
      Optional<StateFile> s = parse(basepath, name);
      if (s.isPresent()
          && s.get().version == VERSION
          && prefix.equals(s.get().prefix)
          && s.get().store != null
          && s.get().spellings != null
          && s.get().spellings.contains(spelling)
          && (newest.isEmpty() || s.get().savedAtNanos > newest.get().savedAtNanos)) {
        newest = s;
      }
    }
    return newest.map(s -> s.store);
  }

  private static List<String> records(Path basepath) {
    try {
      return StateDirectory.list(basepath, n -> n.startsWith("state-") && n.endsWith(".json"));
    } catch (IOException e) {
      return List.of(); // an unreadable state directory holds no record anyone can use
    }
  }

  private static Optional<StateFile> parse(Path basepath, String name) {
    try {
      return StateDirectory.read(basepath, name).map(RecordFile::parse);
    } catch (IOException | JsonParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Also adopts a version-1 record, which was keyed on the address as typed and the --dc flag: the
   * same spelling names the same store it did, and the next save moves it to the new name.
   */
  public StateStore adoptingLegacy(String address, String datacenter) {
    legacy =
        Optional.of(
            file.resolveSibling(
                "state-" + id(address + "\n" + datacenter + "\n" + prefix) + ".json"));
    return this;
  }

  private static String id(String s) {
    return DigestUtils.sha256Hex(s).substring(0, 16);
  }

  public Path file() {
    return file;
  }

  /** The store this record is for, e.g. "consul cluster 8eca5561-... dc dc1". */
  public String identity() {
    return identity;
  }

  /**
   * The record, and a warning when it had to be ignored. {@code othersExist}: no record matched,
   * but this directory holds records of the same prefix for other stores (or other spellings from
   * before records were keyed on identity), so local-only files may be keys that were deleted on
   * purpose rather than new files; or the record was started that way and such files are still
   * around ({@code guardCreates} in the file).
   */
  public record Loaded(
      SyncBase base, Optional<String> warning, boolean othersExist, boolean remoteExact) {
    public Loaded(SyncBase base, Optional<String> warning, boolean othersExist) {
      this(base, warning, othersExist, false);
    }

    public Loaded(SyncBase base, Optional<String> warning) {
      this(base, warning, false, false);
    }
  }

  public Loaded load() {
    byte[] raw;
    boolean own; // read from this store's file, not from a legacy record the next save replaces
    loaded = Optional.empty();
    try {
      Optional<byte[]> bytes = StateDirectory.read(basepath, name(file));
      own = bytes.isPresent();
      if (bytes.isEmpty() && legacy.isPresent()) {
        bytes = StateDirectory.read(basepath, name(legacy.get()));
      }
      if (bytes.isEmpty()) {
        return new Loaded(SyncBase.none(), Optional.empty(), othersExist());
      }
      raw = bytes.get();
    } catch (IOException e) {
      return unreadable(LocalErrors.describe(e));
    }
    try {
      StateFile s = RecordFile.parse(raw);
      if (s == null || s.version < 1 || s.version > VERSION || s.files == null) {
        return unreadable("unknown format");
      }
      Map<String, SyncRecord> records = RecordFile.records(s);
      spellings = s.spellings == null ? List.of() : List.copyOf(s.spellings);
      loaded = own ? Optional.of(new Held(raw, s.savedAtNanos)) : Optional.empty();
      return new Loaded(
          new SyncBase(true, records, s.savedAtNanos, s.remoteIndex),
          Optional.empty(),
          s.guardCreates,
          s.remoteExact);
    } catch (JsonParseException | NullPointerException | IllegalArgumentException e) {
      // IllegalArgumentException: a number that is none (NumberFormatException), or an entry no
      // save could write, such as one without a hash (SyncRecord refuses it)
      return unreadable(e.getMessage());
    }
  }

  /**
   * Whether saving these would write what the file held when it was loaded, but for a newer
   * savedAtNanos, which only matters to stamps not yet settled at the old one. Then a read-only run
   * (status, diff) need not lock, read the record again, write it and fsync it: on 1,000 files that
   * was 25-40 ms of every in-sync status.
   */
  public boolean holdsAlready(
      Map<String, SyncRecord> records,
      long remoteIndex,
      boolean guardCreates,
      boolean remoteExact) {
    if (loaded.isEmpty()) {
      return false;
    }
    Held held = loaded.get();
    for (SyncRecord r : records.values()) {
      if (!r.stamp().settledBefore(held.savedAtNanos())) {
        return false;
      }
    }
    byte[] same =
        RecordFile.bytes(
            file(records, held.savedAtNanos(), remoteIndex, guardCreates, remoteExact));
    return java.util.Arrays.equals(same, held.bytes());
  }

  private StateFile file(
      Map<String, SyncRecord> records,
      long savedAtNanos,
      long remoteIndex,
      boolean guardCreates,
      boolean remoteExact) {
    StateFile s = new StateFile();
    s.version = VERSION;
    s.store = identity;
    s.prefix = prefix;
    s.savedAtNanos = savedAtNanos;
    s.remoteIndex = remoteIndex;
    s.guardCreates = guardCreates;
    s.remoteExact = remoteExact;
    // This run's spelling first; a few others kept, so alternating spellings both stay known.
    LinkedHashSet<String> known = new LinkedHashSet<>();
    known.add(spelling);
    spellings.stream().limit(MAX_SPELLINGS - 1).forEach(known::add);
    s.spellings = new ArrayList<>(known);
    s.files = RecordFile.files(records);
    return s;
  }

  /** The record file's bytes as this store loaded them, and the time they were saved at. */
  private record Held(byte[] bytes, long savedAtNanos) {}

  /** Any other record for this prefix: v2 records name their prefix; v1 ones are counted too. */
  private boolean othersExist() {
    for (String name : records(basepath)) {
      // an unreadable record of some other store says nothing about this one
      if (!name.equals(name(file))
          && parse(basepath, name).filter(s -> prefix.equals(s.prefix)).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  private Loaded unreadable(String why) {
    return new Loaded(
        SyncBase.none(),
        Optional.of(
            "the sync record "
                + file
                + " is unreadable ("
                + why
                + "); treating this as a first run, so files that differ show as conflicts"),
        false);
  }

  public void save(Map<String, SyncRecord> records, long savedAtNanos, long remoteIndex) {
    save(records, savedAtNanos, remoteIndex, false, false);
  }

  /**
   * {@code guardCreates}: keep refusing to create keys for local-only files (see Loaded). {@code
   * remoteExact}: at {@code remoteIndex} every synced key held exactly what its record says, so
   * while the prefix's index and keys stay the same the values need not be read again.
   */
  public void save(
      Map<String, SyncRecord> records,
      long savedAtNanos,
      long remoteIndex,
      boolean guardCreates,
      boolean remoteExact) {
    StateFile s = file(records, savedAtNanos, remoteIndex, guardCreates, remoteExact);
    try {
      // 0600: it holds every synced file's hash, 0600 secrets' included.
      StateDirectory.write(basepath, name(file), RecordFile.bytes(s), 0600);
      if (legacy.isPresent()) {
        StateDirectory.delete(basepath, name(legacy.get()));
      }
    } catch (IOException e) {
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "cannot save the sync record "
              + file
              + ": "
              + LocalErrors.describe(e)
              + "; check free space and permissions, then rerun (the run's changes were applied)");
    }
  }
}
