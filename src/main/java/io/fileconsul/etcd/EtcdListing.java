package io.fileconsul.etcd;

import com.google.gson.JsonObject;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.store.KvEntry;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.Listing;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A prefix read at one revision: a keys_only range, paginated ({@code limit} and the last key, at
 * the revision of the first page), which gives every key's mod_revision without its value; then
 * only the values whose mod_revision differs from what the sync record knows, at that same
 * revision. This is what etcd offers and Consul does not: an in-sync status or pull downloads no
 * value. A compaction past that revision while reading starts the read again.
 */
final class EtcdListing {
  /** The keys of a prefix at one revision; the modes document apart. */
  record Keys(List<EtcdJson.Kv> kvs, EtcdJson.Kv meta, long revision, long maxMod) {}

  static final int KEY_PAGE = 1000;
  static final int VALUE_PAGE = 32;

  /** Above this many changed values one paginated range is cheaper than a read per key. */
  static final int PER_KEY_READS = 16;

  private static final int ATTEMPTS = 3;

  private EtcdListing() {}

  static Keys keys(EtcdTransport t, String prefix) {
    return again(() -> keysOnce(t, prefix));
  }

  static Listing listing(
      EtcdTransport t, String prefix, Map<String, KvStore.Known> known, long budget) {
    return again(() -> listingOnce(t, prefix, known, budget));
  }

  private static Keys keysOnce(EtcdTransport t, String prefix) {
    String metaKey = EtcdModes.key(prefix);
    List<EtcdJson.Kv> kvs = new ArrayList<>();
    EtcdJson.Kv meta = null;
    long revision = 0;
    long maxMod = 0;
    String start = prefix + "/";
    String end = EtcdJson.rangeEnd(start);
    for (String from = start; ; ) {
      JsonObject page = read(t, EtcdJson.range(from, end, revision, KEY_PAGE, true));
      revision = revision == 0 ? EtcdJson.revision(page) : revision;
      List<EtcdJson.Kv> got = EtcdJson.kvs(page);
      for (EtcdJson.Kv kv : got) {
        maxMod = Math.max(maxMod, kv.modRevision());
        if (kv.key().equals(metaKey)) {
          meta = kv;
        } else {
          kvs.add(kv);
        }
      }
      if (!EtcdJson.bool(page, "more") || got.isEmpty()) {
        return new Keys(kvs, meta, revision, maxMod);
      }
      from = got.get(got.size() - 1).key() + "\0";
    }
  }

  private static Listing listingOnce(
      EtcdTransport t, String prefix, Map<String, KvStore.Known> known, long budget) {
    Keys keys = keysOnce(t, prefix);
    Set<String> changed =
        keys.kvs().stream()
            .filter(kv -> !same(known.get(kv.key()), kv))
            .map(EtcdJson.Kv::key)
            .collect(Collectors.toSet());
    Map<String, byte[]> values = values(t, prefix, keys, changed);
    Map<String, Integer> modes =
        keys.meta() == null
            ? Map.of()
            : EtcdModes.parse(value(t, keys.meta().key(), keys.revision()));
    List<KvEntry> entries = new ArrayList<>();
    Map<String, byte[]> kept = new HashMap<>();
    long keptBytes = 0;
    for (EtcdJson.Kv kv : keys.kvs()) {
      String path = kv.key().substring(prefix.length() + 1);
      long flags = EtcdModes.flags(modes.getOrDefault(path, EtcdModes.DEFAULT_MODE));
      String session = kv.lease() == 0 ? "" : "etcd lease " + Long.toHexString(kv.lease());
      byte[] v = values.get(kv.key());
      if (v == null) {
        KvStore.Known k = known.get(kv.key());
        entries.add(new KvEntry(kv.key(), flags, kv.modRevision(), k.sha256(), k.size(), session));
        continue;
      }
      entries.add(new KvEntry(kv.key(), flags, kv.modRevision(), sha256(v), v.length, session));
      if (keptBytes + v.length <= budget) {
        kept.put(kv.key(), v); // the rest is read again when needed (Workspace.remoteValue)
        keptBytes += v.length;
      }
    }
    return new Listing(entries, kept, keys.maxMod());
  }

  private static boolean same(KvStore.Known k, EtcdJson.Kv kv) {
    return k != null && k.modifyIndex() == kv.modRevision() && k.sha256() != null;
  }

  private static Map<String, byte[]> values(
      EtcdTransport t, String prefix, Keys keys, Set<String> changed) {
    Map<String, byte[]> out = new HashMap<>();
    if (changed.size() <= PER_KEY_READS) {
      for (String key : changed) {
        out.put(key, value(t, key, keys.revision()));
      }
      return out;
    }
    String start = prefix + "/";
    String end = EtcdJson.rangeEnd(start);
    for (String from = start; ; ) {
      JsonObject page = read(t, EtcdJson.range(from, end, keys.revision(), VALUE_PAGE, false));
      List<EtcdJson.Kv> got = EtcdJson.kvs(page);
      for (EtcdJson.Kv kv : got) {
        if (changed.contains(kv.key())) {
          out.put(kv.key(), kv.value() == null ? new byte[0] : kv.value());
        }
      }
      if (!EtcdJson.bool(page, "more") || got.isEmpty()) {
        return out;
      }
      from = got.get(got.size() - 1).key() + "\0";
    }
  }

  /** One key's value at {@code revision}; empty when it holds none. */
  static byte[] value(EtcdTransport t, String key, long revision) {
    List<EtcdJson.Kv> kvs = EtcdJson.kvs(read(t, EtcdJson.range(key, null, revision, 0, false)));
    return kvs.isEmpty() || kvs.get(0).value() == null ? new byte[0] : kvs.get(0).value();
  }

  private static JsonObject read(EtcdTransport t, JsonObject range) {
    EtcdTransport.Answer a = t.call("/v3/kv/range", range);
    if (!a.ok() && a.code() == EtcdErrors.OUT_OF_RANGE && a.message().contains("compacted")) {
      throw new Compacted();
    }
    if (!a.ok()) {
      throw EtcdErrors.status(t.describe(), a.status(), a.code(), a.message());
    }
    return a.body();
  }

  /** The revision being read was compacted away: read again at a newer one. */
  private static final class Compacted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Compacted() {
      super(null, null, false, false);
    }
  }

  private static <T> T again(java.util.function.Supplier<T> read) {
    for (int i = 1; ; i++) {
      try {
        return read.get();
      } catch (Compacted e) {
        if (i == ATTEMPTS) {
          throw new FileconsulException(
              ExitCode.UNAVAILABLE,
              "etcd compacted the prefix's history "
                  + ATTEMPTS
                  + " times while it was being read; retry");
        }
      }
    }
  }

  static String sha256(byte[] v) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(v));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
