package io.fileconsul.consul;

import com.google.gson.JsonParseException;
import io.fileconsul.core.PathText;
import io.fileconsul.store.KvEntry;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.Listing;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * Reads a JSON array of KV entries one at a time, hashing each value and keeping values only up to
 * a memory budget. Both shapes fileconsul meets have the fields it needs: a ?recurse listing
 * (DirEntry) and a consul watch handler's stdin (the Go client's KVPair, or {@code null} for an
 * empty prefix). Entries outside {@code prefix + "/"} are dropped: a watch on "fileconsul" without
 * the slash also reports "fileconsulX/...".
 */
public final class ListingReader {
  /**
   * Values kept in memory for the apply phase; larger trees are re-read per file. A quarter of the
   * heap, at least 32 MiB: a fixed 32 MiB made a pull of a 10,000-file, 85 MB tree send 5,600 extra
   * GETs under a multi-GiB default heap, while -Xmx256m still keeps it at 64 MiB.
   */
  public static final long RETAINED_VALUE_BUDGET =
      Math.max(32L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4);

  /** Reads with the default budget, {@link #RETAINED_VALUE_BUDGET}. */
  public static Listing read(InputStream in, String prefix, long index) throws IOException {
    return read(in, prefix, index, RETAINED_VALUE_BUDGET);
  }

  private ListingReader() {}

  /** Reads keeping at most {@code budget} bytes of values. */
  public static Listing read(InputStream in, String prefix, long index, long budget)
      throws IOException {
    return read(in, prefix, index, budget, Map.of());
  }

  /**
   * As {@link #read(InputStream, String, long, long)}; an entry whose ModifyIndex equals the one
   * {@code known} holds for its key, and whose value has the known size, is the write that was
   * synced (one key, one index, one write), so it takes the known hash and size: its value is not
   * decoded, hashed or kept (a run that still needs it reads it again). Consul sends Value before
   * ModifyIndex, so the value's base64 bytes wait, undecoded, until the entry's index is known.
   */
  public static Listing read(
      InputStream in, String prefix, long index, long budget, Map<String, KvStore.Known> known)
      throws IOException {
    try (ValueHashes hashes = new ValueHashes()) {
      return read(new JsonBytes(in), prefix, index, budget, known, hashes);
    }
  }

  private static Listing read(
      JsonBytes json,
      String prefix,
      long index,
      long budget,
      Map<String, KvStore.Known> known,
      ValueHashes hashes)
      throws IOException {
    List<Pending> entries = new ArrayList<>();
    Map<String, byte[]> kept = new HashMap<>();
    // Consul lists each key once; a second entry (or a second "Key" in one) could leave the value
    // kept for a key not the one its entry hashed.
    Set<String> seen = new HashSet<>();
    long keptBytes = 0;
    if (json.nextIsNull()) {
      return new Listing(List.of(), kept, index);
    }
    String scope = prefix + "/";
    json.expect('[');
    boolean more = !json.empty(']');
    while (more) {
      String key = null;
      byte[] valueText = null;
      long flags = 0;
      long modifyIndex = 0;
      String session = "";
      json.expect('{');
      boolean fields = !json.empty('}');
      while (fields) {
        String name = json.nextString();
        json.expect(':');
        switch (name) {
          case "Key" -> key = json.nextString();
          case "Flags" -> flags = Long.parseUnsignedLong(json.nextNumber());
          case "ModifyIndex" -> modifyIndex = Long.parseUnsignedLong(json.nextNumber());
          case "Value" -> valueText = json.nextIsNull() ? null : json.nextStringBytes();
          // the HTTP API leaves Session out when empty; the Go client's KVPair sends ""
          case "Session" -> session = json.nextString();
          default -> json.skipValue();
        }
        fields = json.more('}');
      }
      more = json.more(']');
      if (key == null) {
        throw new JsonParseException("an entry without a Key");
      }
      if (!seen.add(key)) {
        // quoted as paths are: the key is the server's text and goes into an error line
        throw new JsonParseException("the key " + PathText.quote(key) + " is listed twice");
      }
      if (!key.startsWith(scope)) {
        continue;
      }
      KvStore.Known same = known.get(key);
      if (same != null
          && same.modifyIndex() == modifyIndex
          && modifyIndex != 0
          && same.size() == decodedSize(valueText)) {
        entries.add(
            new Pending(
                new KvEntry(key, flags, modifyIndex, same.sha256(), same.size(), session), null));
        continue;
      }
      byte[] value = valueText == null ? new byte[0] : Base64.getDecoder().decode(valueText);
      entries.add(
          new Pending(
              new KvEntry(key, flags, modifyIndex, null, value.length, session), hashes.of(value)));
      if (keptBytes + value.length <= budget) {
        kept.put(key, value);
        keptBytes += value.length;
      }
    }
    // Nothing after the array is read: a handler's stdin may stay open after the payload.
    List<KvEntry> hashed = new ArrayList<>(entries.size());
    for (Pending p : entries) {
      hashed.add(p.hashed());
    }
    return new Listing(hashed, kept, index);
  }

  /**
   * The length of the bytes a base64 text decodes to, from its length and padding alone, or -1 when
   * it cannot be whole base64 (decoding it then reports it). A recorded size that differs is no
   * write the record synced, whatever the index says: a handler takes its store's identity from the
   * record, and a cluster rebuilt behind the same address counts its indexes from 1 again.
   */
  static long decodedSize(byte[] base64) {
    if (base64 == null) {
      return 0;
    }
    int n = base64.length;
    if (n % 4 != 0) {
      return -1;
    }
    int pad = 0;
    if (n > 0 && base64[n - 1] == '=') {
      pad = base64[n - 2] == '=' ? 2 : 1;
    }
    return n / 4 * 3L - pad;
  }

  /** An entry whose value's hash may still be computed beside the parse. */
  private record Pending(KvEntry entry, Future<String> hash) {
    KvEntry hashed() {
      KvEntry e = entry;
      return hash == null
          ? e
          : new KvEntry(
              e.key(), e.flags(), e.modifyIndex(), ValueHashes.get(hash), e.size(), e.session());
    }
  }
}
