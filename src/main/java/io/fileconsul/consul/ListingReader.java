package io.fileconsul.consul;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Reads a JSON array of KV entries one at a time, hashing each value and keeping values only up to
 * a memory budget. Both shapes fileconsul meets have the fields it needs: a ?recurse listing
 * (DirEntry) and a consul watch handler's stdin (the Go client's KVPair, or {@code null} for an
 * empty prefix). Entries outside {@code prefix + "/"} are dropped: a watch on "fileconsul" without
 * the slash also reports "fileconsulX/...".
 */
public final class ListingReader {
  /**
   * Values kept in memory for the apply phase; larger trees are re-read per file. A quarter of
   * the heap, at least 32 MiB: a fixed 32 MiB made a pull of a 10,000-file, 85 MB tree send 5,600
   * extra GETs under a multi-GiB default heap, while -Xmx256m still keeps it at 64 MiB.
   */
  public static final long RETAINED_VALUE_BUDGET =
      Math.max(32L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4);

  /** Reads with the default budget, {@link #RETAINED_VALUE_BUDGET}. */
  public static Listing read(JsonReader reader, String prefix, long index) throws IOException {
    return read(reader, prefix, index, RETAINED_VALUE_BUDGET);
  }

  private ListingReader() {}

  /** Reads keeping at most {@code budget} bytes of values. */
  public static Listing read(JsonReader reader, String prefix, long index, long budget)
      throws IOException {
    return read(reader, prefix, index, budget, Map.of());
  }

  /**
   * As {@link #read(JsonReader, String, long, long)}; an entry whose ModifyIndex equals the one
   * {@code known} holds for its key is the write that was synced (one key, one index, one
   * write), so it takes the known hash and size: its value is not decoded, hashed or kept (a run
   * that still needs it reads it again). Consul sends Value before ModifyIndex, so the value's
   * text waits, undecoded, until the entry's index is known.
   */
  public static Listing read(JsonReader reader, String prefix, long index, long budget,
      Map<String, KvStore.Known> known) throws IOException {
    List<KvEntry> entries = new ArrayList<>();
    Map<String, byte[]> kept = new HashMap<>();
    long keptBytes = 0;
    if (reader.peek() == JsonToken.NULL) {
      reader.nextNull();
      return new Listing(entries, kept, index);
    }
    String scope = prefix + "/";
    reader.beginArray();
    while (reader.hasNext()) {
      String key = null;
      String valueText = null;
      long flags = 0;
      long modifyIndex = 0;
      String session = "";
      reader.beginObject();
      while (reader.hasNext()) {
        switch (reader.nextName()) {
          case "Key" -> key = reader.nextString();
          case "Flags" -> flags = Long.parseUnsignedLong(reader.nextString());
          case "ModifyIndex" -> modifyIndex = Long.parseUnsignedLong(reader.nextString());
          case "Value" -> valueText = readValueText(reader);
          case "Session" -> session = reader.nextString(); // the HTTP API leaves it out when empty
          default -> reader.skipValue();
        }
      }
      reader.endObject();
      if (key == null) {
        throw new JsonParseException("an entry without a Key");
      }
      if (!key.startsWith(scope)) {
        continue;
      }
      KvStore.Known same = known.get(key);
      if (same != null && same.modifyIndex() == modifyIndex && modifyIndex != 0) {
        entries.add(new KvEntry(key, flags, modifyIndex, same.sha256(), same.size(), session));
        continue;
      }
      byte[] value = valueText == null ? new byte[0] : Base64.getDecoder().decode(valueText);
      entries.add(new KvEntry(key, flags, modifyIndex, DigestUtils.sha256Hex(value), value.length,
          session));
      if (keptBytes + value.length <= budget) {
        kept.put(key, value);
        keptBytes += value.length;
      }
    }
    reader.endArray();
    return new Listing(entries, kept, index);
  }

  private static String readValueText(JsonReader reader) throws IOException {
    if (reader.peek() == JsonToken.NULL) {
      reader.nextNull(); // Consul's encoding of an empty value
      return null;
    }
    return reader.nextString();
  }
}
