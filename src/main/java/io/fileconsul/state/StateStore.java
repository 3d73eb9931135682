package io.fileconsul.state;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.fs.AtomicWriter;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.KeyPaths;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.SyncRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The sync record, one JSON file per Consul address + datacenter + prefix, in basepath's
 * {@code .fileconsul/} directory (never synced). Written atomically; a missing or unreadable
 * record is reported as a warning and read as a first run.
 */
public final class StateStore {
  private static final int VERSION = 1;
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private final Path file;
  private final String address;
  private final String datacenter;
  private final String prefix;

  public StateStore(Path basepath, String address, String datacenter, String prefix) {
    this.address = address;
    this.datacenter = datacenter;
    this.prefix = prefix;
    String id = DigestUtils.sha256Hex(address + "\n" + datacenter + "\n" + prefix).substring(0, 16);
    this.file = basepath.resolve(KeyPaths.STATE_DIR).resolve("state-" + id + ".json");
  }

  public Path file() {
    return file;
  }

  /** The record, and a warning when it had to be ignored. */
  public record Loaded(SyncBase base, Optional<String> warning) {}

  public Loaded load() {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new Loaded(SyncBase.none(), Optional.empty());
    } catch (IOException e) {
      return unreadable(e.toString());
    }
    try {
      StateFile s = GSON.fromJson(json, StateFile.class);
      if (s == null || s.version != VERSION || s.files == null) {
        return unreadable("unknown format");
      }
      Map<String, SyncRecord> records = new HashMap<>();
      s.files.forEach((path, f) -> records.put(path, new SyncRecord(path,
          new Content(f.sha256, f.size, Integer.parseInt(f.mode, 8)), f.modifyIndex, f.mtimeNanos)));
      return new Loaded(new SyncBase(true, records, s.savedAtNanos), Optional.empty());
    } catch (JsonParseException | NumberFormatException | NullPointerException e) {
      return unreadable(e.getMessage());
    }
  }

  private Loaded unreadable(String why) {
    return new Loaded(SyncBase.none(), Optional.of("the sync record " + file + " is unreadable ("
        + why + "); treating this as a first run, so files that differ show as conflicts"));
  }

  public void save(Map<String, SyncRecord> records, long savedAtNanos) {
    StateFile s = new StateFile();
    s.version = VERSION;
    s.address = address;
    s.datacenter = datacenter;
    s.prefix = prefix;
    s.savedAtNanos = savedAtNanos;
    s.files = new TreeMap<>();
    records.forEach((path, r) -> {
      FileState f = new FileState();
      f.sha256 = r.content().sha256();
      f.size = r.content().size();
      f.mode = String.format("%04o", r.content().mode());
      f.modifyIndex = r.modifyIndex();
      f.mtimeNanos = r.mtimeNanos();
      s.files.put(path, f);
    });
    try {
      Files.createDirectories(file.getParent());
      AtomicWriter.write(file, GSON.toJson(s).getBytes(StandardCharsets.UTF_8), 0644);
    } catch (IOException e) {
      throw new FileconsulException(ExitCode.LOCAL_IO, "cannot save the sync record " + file + ": "
          + e + "; check free space and permissions, then rerun (the run's changes were applied)");
    }
  }

  /** On-disk shape; field names are the file format. */
  @SuppressWarnings("unused")
  private static final class StateFile {
    int version;
    String address;
    String datacenter;
    String prefix;
    long savedAtNanos;
    TreeMap<String, FileState> files;
  }

  @SuppressWarnings("unused")
  private static final class FileState {
    String sha256;
    long size;
    String mode;
    long modifyIndex;
    long mtimeNanos;
  }
}
