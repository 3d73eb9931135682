package io.fileconsul.state;

import io.fileconsul.sync.Content;
import io.fileconsul.sync.Stamp;
import io.fileconsul.sync.SyncRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sync record's file format (README "Sync record") and its mapping to SyncRecords. The JSON is
 * read and written by {@link RecordJson}, field by field, as Gson's reflection did before.
 */
final class RecordFile {
  static final int VERSION = 2;

  private RecordFile() {}

  /** On-disk shape; field names are the file format. */
  @SuppressWarnings("unused")
  static final class StateFile {
    int version;
    String store;
    List<String> spellings;
    String prefix;
    long savedAtNanos;
    long remoteIndex;
    boolean guardCreates;
    boolean remoteExact;
    TreeMap<String, FileState> files;
  }

  @SuppressWarnings("unused")
  static final class FileState {
    String sha256;
    long size;
    String mode;
    long modifyIndex;
    long mtimeNanos;
    long ctimeNanos;
    long inode;
  }

  /** The record; null for an empty file; JsonParseException when it is no record. */
  static StateFile parse(byte[] bytes) {
    return RecordJson.parse(bytes);
  }

  static byte[] bytes(StateFile s) {
    return RecordJson.bytes(s);
  }

  static Map<String, SyncRecord> records(StateFile s) {
    Map<String, SyncRecord> records = new HashMap<>();
    s.files.forEach(
        (path, f) ->
            records.put(
                path,
                new SyncRecord(
                    path,
                    new Content(f.sha256, f.size, Integer.parseInt(f.mode, 8)),
                    f.modifyIndex,
                    new Stamp(f.mtimeNanos, f.ctimeNanos, f.inode))));
    return records;
  }

  static TreeMap<String, FileState> files(Map<String, SyncRecord> records) {
    TreeMap<String, FileState> files = new TreeMap<>();
    records.forEach(
        (path, r) -> {
          FileState f = new FileState();
          f.sha256 = r.content().sha256();
          f.size = r.content().size();
          f.mode = octal4(r.content().mode());
          f.modifyIndex = r.modifyIndex();
          f.mtimeNanos = r.stamp().mtimeNanos();
          f.ctimeNanos = r.stamp().ctimeNanos();
          f.inode = r.stamp().inode();
          files.put(path, f);
        });
    return files;
  }

  /** "%04o" by hand: String.format builds a Formatter per call, once per file of every save. */
  static String octal4(int mode) {
    String o = Integer.toOctalString(mode);
    return o.length() >= 4 ? o : "0000".substring(o.length()) + o;
  }
}
