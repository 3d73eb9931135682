package io.fileconsul.state;

import com.google.gson.FormattingStyle;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.fileconsul.state.RecordFile.FileState;
import io.fileconsul.state.RecordFile.StateFile;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The record's JSON, field by field on Gson's stream classes. Gson's reflection did this before and
 * cost 8-9 ms each way for 1,000 files (its type adapters are built by reflection every run), on
 * every in-sync status, which compares the record it would write with the one it read. The output
 * is byte for byte what that Gson wrote, and the input rules are its rules: lenient JSON, unknown
 * fields skipped, a null leaving a number at 0, a repeated path refused, nothing after the end.
 */
final class RecordJson {
  private RecordJson() {}

  static byte[] bytes(StateFile s) {
    StringWriter out = new StringWriter();
    try (JsonWriter w = new JsonWriter(out)) {
      w.setFormattingStyle(FormattingStyle.PRETTY);
      w.setHtmlSafe(false);
      w.setSerializeNulls(false);
      w.beginObject();
      w.name("version").value(s.version);
      w.name("store").value(s.store);
      w.name("spellings");
      strings(w, s.spellings);
      w.name("prefix").value(s.prefix);
      w.name("savedAtNanos").value(s.savedAtNanos);
      w.name("remoteIndex").value(s.remoteIndex);
      w.name("guardCreates").value(s.guardCreates);
      w.name("remoteExact").value(s.remoteExact);
      w.name("files");
      files(w, s.files);
      w.endObject();
    } catch (IOException e) {
      throw new IllegalStateException(e); // a StringWriter does not fail
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void strings(JsonWriter w, List<String> list) throws IOException {
    if (list == null) {
      w.nullValue();
      return;
    }
    w.beginArray();
    for (String s : list) {
      w.value(s);
    }
    w.endArray();
  }

  private static void files(JsonWriter w, TreeMap<String, FileState> files) throws IOException {
    if (files == null) {
      w.nullValue();
      return;
    }
    w.beginObject();
    for (var e : files.entrySet()) {
      w.name(e.getKey());
      FileState f = e.getValue();
      if (f == null) {
        w.nullValue();
        continue;
      }
      w.beginObject();
      w.name("sha256").value(f.sha256);
      w.name("size").value(f.size);
      w.name("mode").value(f.mode);
      w.name("modifyIndex").value(f.modifyIndex);
      w.name("mtimeNanos").value(f.mtimeNanos);
      w.name("ctimeNanos").value(f.ctimeNanos);
      w.name("inode").value(f.inode);
      w.endObject();
    }
    w.endObject();
  }

  /** The record; null for an empty document or a JSON null; JsonSyntaxException if no record. */
  static StateFile parse(byte[] bytes) {
    JsonReader r =
        new JsonReader(
            new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
    r.setStrictness(Strictness.LENIENT);
    try {
      try {
        r.peek();
      } catch (EOFException empty) {
        return null;
      }
      if (r.peek() == JsonToken.NULL) {
        r.nextNull();
        return null;
      }
      StateFile s = stateFile(r);
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonSyntaxException("JSON document was not fully consumed.");
      }
      return s;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new JsonSyntaxException(e);
    }
  }

  private static StateFile stateFile(JsonReader r) throws IOException {
    StateFile s = new StateFile();
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      if (skippedNull(r)) {
        continue; // as Gson: a null leaves the field as it was
      }
      switch (name) {
        case "version" -> s.version = r.nextInt();
        case "store" -> s.store = string(r);
        case "spellings" -> s.spellings = strings(r);
        case "prefix" -> s.prefix = string(r);
        case "savedAtNanos" -> s.savedAtNanos = r.nextLong();
        case "remoteIndex" -> s.remoteIndex = r.nextLong();
        case "guardCreates" -> s.guardCreates = bool(r);
        case "remoteExact" -> s.remoteExact = bool(r);
        case "files" -> s.files = files(r);
        default -> r.skipValue();
      }
    }
    r.endObject();
    return s;
  }

  private static TreeMap<String, FileState> files(JsonReader r) throws IOException {
    TreeMap<String, FileState> files = new TreeMap<>();
    r.beginObject();
    while (r.hasNext()) {
      String path = r.nextName();
      FileState f = null;
      if (!skippedNull(r)) {
        f = fileState(r);
      }
      if (files.containsKey(path)) {
        throw new JsonSyntaxException("duplicate key: " + path);
      }
      files.put(path, f);
    }
    r.endObject();
    return files;
  }

  private static FileState fileState(JsonReader r) throws IOException {
    FileState f = new FileState();
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      if (skippedNull(r)) {
        continue;
      }
      switch (name) {
        case "sha256" -> f.sha256 = string(r);
        case "size" -> f.size = r.nextLong();
        case "mode" -> f.mode = string(r);
        case "modifyIndex" -> f.modifyIndex = r.nextLong();
        case "mtimeNanos" -> f.mtimeNanos = r.nextLong();
        case "ctimeNanos" -> f.ctimeNanos = r.nextLong();
        case "inode" -> f.inode = r.nextLong();
        default -> r.skipValue();
      }
    }
    r.endObject();
    return f;
  }

  private static List<String> strings(JsonReader r) throws IOException {
    List<String> list = new ArrayList<>();
    r.beginArray();
    while (r.hasNext()) {
      list.add(skippedNull(r) ? null : string(r));
    }
    r.endArray();
    return list;
  }

  private static boolean skippedNull(JsonReader r) throws IOException {
    if (r.peek() == JsonToken.NULL) {
      r.nextNull();
      return true;
    }
    return false;
  }

  /** As Gson's String adapter: a boolean or a number is read as its text. */
  private static String string(JsonReader r) throws IOException {
    return r.peek() == JsonToken.BOOLEAN ? Boolean.toString(r.nextBoolean()) : r.nextString();
  }

  /** As Gson's boolean adapter: a string is parsed ("true", any case, else false). */
  private static boolean bool(JsonReader r) throws IOException {
    return r.peek() == JsonToken.STRING ? Boolean.parseBoolean(r.nextString()) : r.nextBoolean();
  }
}
