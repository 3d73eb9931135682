package io.fileconsul.etcd;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fileconsul.store.KeyListing;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.KvValue;
import io.fileconsul.store.Listing;
import io.fileconsul.store.OpsLimitExceeded;
import io.fileconsul.store.StoreLimits;
import io.fileconsul.store.TxnOp;
import io.fileconsul.store.TxnRejectedException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link KvStore} over etcd v3's JSON gateway. A key's index is its mod_revision; a prefix's index
 * is the newest mod_revision below it (the modes document included, which every push that changes a
 * mode or deletes a non-0644 file rewrites). Bound to one prefix, because a transaction must
 * rewrite that prefix's modes document ({@link EtcdModes}).
 */
public final class EtcdKvStore implements KvStore {
  /** etcd's defaults: --max-request-bytes 1.5 MiB, --max-txn-ops 128. */
  public static final long REQUEST_BYTES = 1572864;

  public static final int TXN_OPS = 128;

  /** Room kept in every transaction for the modes document: about 1,500 non-0644 files. */
  static final long META_RESERVE = 64 * 1024;

  /**
   * One operation per transaction goes to the modes document. The largest value leaves room for the
   * document and a key of 4 KiB (its put, compare and read-back), so any file the size guard lets
   * through fits one request: nothing is written before a file too large is refused.
   */
  public static final StoreLimits LIMITS =
      new StoreLimits(
          REQUEST_BYTES - META_RESERVE - 16 * 1024,
          TXN_OPS - 1,
          REQUEST_BYTES - META_RESERVE,
          EtcdTxn::opSize);

  /** Values kept in memory by a listing; the rest are read again when needed. */
  static final long RETAINED_VALUE_BUDGET = 64L * 1024 * 1024;

  /** Transactions retried when only the modes document moved (another push elsewhere). */
  private static final int META_RETRIES = 8;

  private final EtcdTransport transport;
  private final String prefix;
  private volatile StoreLimits limits = LIMITS;

  /** The oldest revision a watch can start at, once etcd said it compacted below it. */
  private volatile long watchFloor;

  private EtcdKvStore(EtcdTransport transport, String prefix) {
    this.transport = transport;
    this.prefix = prefix;
  }

  public static EtcdKvStore connect(EtcdSettings settings, String prefix) {
    return new EtcdKvStore(new EtcdTransport(settings, EtcdHttp.create(settings)), prefix);
  }

  /** HTTP requests made so far (--debug reports it). */
  public long requestCount() {
    return transport.requestCount();
  }

  @Override
  public String kind() {
    return "etcd";
  }

  @Override
  public String describe() {
    return transport.describe();
  }

  @Override
  public Listing list(String prefix) {
    return list(prefix, Map.of());
  }

  @Override
  public Listing list(String prefix, Map<String, Known> known) {
    return EtcdListing.listing(transport, bound(prefix), known, RETAINED_VALUE_BUDGET);
  }

  @Override
  public Listing watch(String prefix, long index, Duration wait, boolean stale) {
    return watch(prefix, index, wait, stale, Map.of());
  }

  @Override
  public Listing watch(
      String prefix, long index, Duration wait, boolean stale, Map<String, Known> known) {
    if (index == 0) {
      return list(prefix, known); // as a Consul blocking query at index 0: the state now, at once
    }
    long from = Math.max(index, watchFloor - 1);
    EtcdWatch.Outcome o = EtcdWatch.await(transport, bound(prefix), from, wait);
    if (o.compactRevision() > 0) {
      watchFloor = o.compactRevision(); // the listing below is the resume
    }
    return list(prefix, known);
  }

  @Override
  public Optional<KvValue> get(String key) {
    // The value and the modes document in one read, so they are of one revision.
    JsonArray success = new JsonArray();
    success.add(rangeOp(key));
    success.add(rangeOp(EtcdModes.key(prefix)));
    JsonObject body = new JsonObject();
    body.add("success", success);
    JsonArray responses = EtcdJson.array(transport.ok("/v3/kv/txn", body), "responses");
    List<EtcdJson.Kv> kvs = kvsOf(responses, 0);
    if (kvs.isEmpty()) {
      return Optional.empty();
    }
    EtcdJson.Kv kv = kvs.get(0);
    List<EtcdJson.Kv> meta = kvsOf(responses, 1);
    Map<String, Integer> modes = meta.isEmpty() ? Map.of() : EtcdModes.parse(meta.get(0).value());
    String path = key.startsWith(prefix + "/") ? key.substring(prefix.length() + 1) : key;
    return Optional.of(
        new KvValue(
            key,
            kv.value() == null ? new byte[0] : kv.value(),
            EtcdModes.flags(modes.getOrDefault(path, EtcdModes.DEFAULT_MODE)),
            kv.modRevision()));
  }

  @Override
  public KeyListing keys(String prefix) {
    EtcdListing.Keys keys = EtcdListing.keys(transport, bound(prefix));
    return new KeyListing(keys.kvs().stream().map(EtcdJson.Kv::key).toList(), keys.maxMod());
  }

  @Override
  public long prefixIndex(String prefix) {
    return EtcdListing.keys(transport, bound(prefix)).maxMod();
  }

  @Override
  public Map<String, Long> txn(List<TxnOp> ops) {
    for (TxnOp op : ops) {
      if (!op.key().startsWith(prefix + "/") || op.key().equals(EtcdModes.key(prefix))) {
        throw new IllegalArgumentException("not a file key of prefix " + prefix + ": " + op.key());
      }
    }
    String metaKey = EtcdModes.key(prefix);
    EtcdTxn.Meta meta = readMeta(metaKey);
    for (int attempt = 1; ; attempt++) {
      Map<String, Integer> before = EtcdModes.parse(meta.value());
      Map<String, Integer> after = EtcdModes.after(before, prefix, ops);
      byte[] newMeta =
          after.equals(before) && meta.value() != null || after.isEmpty() && meta.value() == null
              ? null
              : EtcdModes.format(after);
      EtcdTransport.Answer a =
          transport.call("/v3/kv/txn", EtcdTxn.body(ops, metaKey, meta, newMeta));
      if (!a.ok() && a.message().contains("too many operations")) {
        int max = Math.max(1, limits.maxOpsPerTxn() / 2); // a server below etcd's default 128
        limits = limits.withMaxOpsPerTxn(max);
        throw new OpsLimitExceeded(max);
      }
      if (!a.ok()) {
        throw EtcdErrors.status(describe(), a.status(), a.code(), a.message());
      }
      if (EtcdJson.bool(a.body(), "succeeded")) {
        long revision = EtcdJson.revision(a.body());
        Map<String, Long> written = new HashMap<>();
        ops.stream()
            .filter(op -> op.verb() == TxnOp.Verb.CAS)
            .forEach(op -> written.put(op.key(), revision));
        return written;
      }
      List<TxnRejectedException.OpError> failed = EtcdTxn.failed(a.body(), ops);
      if (!failed.isEmpty() || attempt == META_RETRIES) {
        throw new TxnRejectedException(failed);
      }
      meta = EtcdTxn.metaRead(a.body()); // only the modes document moved: again on the new one
    }
  }

  private EtcdTxn.Meta readMeta(String metaKey) {
    JsonObject range = EtcdJson.range(metaKey, null, 0, 0, false);
    List<EtcdJson.Kv> kvs = EtcdJson.kvs(transport.ok("/v3/kv/range", range));
    return kvs.isEmpty()
        ? new EtcdTxn.Meta(null, 0)
        : new EtcdTxn.Meta(
            kvs.get(0).value() == null ? new byte[0] : kvs.get(0).value(),
            kvs.get(0).modRevision());
  }

  @Override
  public StoreLimits limits() {
    return limits;
  }

  @Override
  public boolean putCas(String key, byte[] value, long flags, long cas) {
    try {
      txn(List.of(TxnOp.write(key, value, flags, cas)));
      return true;
    } catch (TxnRejectedException e) {
      return false;
    }
  }

  @Override
  public String identity() {
    JsonObject range = EtcdJson.range(EtcdModes.key(prefix), null, 0, 0, true);
    JsonObject header = EtcdJson.object(transport.ok("/v3/kv/range", range), "header");
    return "etcd cluster " + Long.toHexString(EtcdJson.number(header, "cluster_id"));
  }

  @Override
  public void close() {
    transport.close();
  }

  private String bound(String p) {
    if (!p.equals(prefix)) {
      throw new IllegalArgumentException("this store is bound to prefix " + prefix + ", not " + p);
    }
    return prefix;
  }

  private static JsonObject rangeOp(String key) {
    JsonObject o = new JsonObject();
    o.add("request_range", EtcdJson.range(key, null, 0, 0, false));
    return o;
  }

  private static List<EtcdJson.Kv> kvsOf(JsonArray responses, int i) {
    return responses.size() <= i
        ? List.of()
        : EtcdJson.kvs(EtcdJson.object(responses.get(i).getAsJsonObject(), "response_range"));
  }
}
