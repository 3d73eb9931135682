package io.fileconsul.etcd;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.fileconsul.store.TxnOp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The permission bits, which etcd has no field for: one metadata key per prefix, {@code
 * <prefix>/.fileconsul/modes}, a JSON object from each file's path below the prefix to its mode in
 * octal, listing only the files whose mode is not 0644 ({@code {"bin/deploy.sh": "0755"}}). It is
 * written in the same transaction as the files it describes, never shown as a file (the sync
 * refuses {@code .fileconsul/} as a path), and entries that do not parse are ignored: a file
 * without an entry is 0644.
 *
 * <p>Modes travel through the store port as Consul's Flags do ({@code sync.ModeFlags}, which an
 * adapter may not import: the marker is repeated here), so the planner sees one encoding.
 */
final class EtcdModes {
  static final String KEY = "/.fileconsul/modes";
  static final long MARKER = 0x4643_0000L;
  static final int DEFAULT_MODE = 0644;

  private EtcdModes() {}

  static String key(String prefix) {
    return prefix + KEY;
  }

  static long flags(int mode) {
    return MARKER | (mode & 0777);
  }

  static int mode(long flags) {
    return (flags & ~0777L) == MARKER ? (int) (flags & 0777) : DEFAULT_MODE;
  }

  /** Path below the prefix to mode; what does not parse is left out (that file is 0644). */
  static Map<String, Integer> parse(byte[] value) {
    Map<String, Integer> modes = new TreeMap<>();
    if (value == null || value.length == 0) {
      return modes;
    }
    try {
      JsonElement doc = JsonParser.parseString(new String(value, StandardCharsets.UTF_8));
      if (!doc.isJsonObject()) {
        return modes;
      }
      for (Map.Entry<String, JsonElement> e : doc.getAsJsonObject().entrySet()) {
        if (e.getValue().isJsonPrimitive()) {
          String octal = e.getValue().getAsString();
          if (octal.matches("0?[0-7]{3}")) {
            modes.put(e.getKey(), Integer.parseInt(octal, 8));
          }
        }
      }
    } catch (RuntimeException e) {
      // another client's garbage: every file is then 0644, which a push repairs
    }
    return modes;
  }

  /** One entry per line, sorted, so {@code etcdctl get} shows it readably. */
  static byte[] format(Map<String, Integer> modes) {
    StringBuilder s = new StringBuilder("{");
    String sep = "\n";
    for (Map.Entry<String, Integer> e : new TreeMap<>(modes).entrySet()) {
      String path = new com.google.gson.JsonPrimitive(e.getKey()).toString(); // quoted, escaped
      s.append(sep)
          .append("  ")
          .append(path)
          .append(": \"")
          .append(String.format("%04o", e.getValue()))
          .append('"');
      sep = ",\n";
    }
    return s.append(modes.isEmpty() ? "}\n" : "\n}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The document after {@code ops}: a write sets its file's mode (0644 drops it), a delete drops
   * it.
   */
  static Map<String, Integer> after(Map<String, Integer> modes, String prefix, List<TxnOp> ops) {
    Map<String, Integer> next = new TreeMap<>(modes);
    for (TxnOp op : ops) {
      String path = op.key().substring(prefix.length() + 1);
      int mode = op.verb() == TxnOp.Verb.CAS ? mode(op.flags()) : DEFAULT_MODE;
      if (mode == DEFAULT_MODE) {
        next.remove(path);
      } else {
        next.put(path, mode);
      }
    }
    return next;
  }
}
