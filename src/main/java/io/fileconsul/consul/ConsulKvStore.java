package io.fileconsul.consul;

import io.fileconsul.store.EncodedTxn;
import io.fileconsul.store.KeyListing;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.KvValue;
import io.fileconsul.store.Listing;
import io.fileconsul.store.OpsLimitExceeded;
import io.fileconsul.store.StoreLimits;
import io.fileconsul.store.TxnOp;
import io.fileconsul.store.TxnRejectedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;

/**
 * {@link KvStore} over Consul's HTTP API, through {@link ConsulTransport}, with what ecwid 1.4.5
 * lacks done here: every key segment percent-encoded, /v1/txn, CAS, the ACL checks a listing needs,
 * and a streaming listing.
 */
public final class ConsulKvStore implements KvStore {
  /**
   * Consul's defaults: limits.kv_max_value_size and txn_max_req_len are both 512 KiB, and since
   * 1.14 a transaction takes 128 operations (64 before; the first transaction over that learns it,
   * see {@link #txn}). A value travels base64-encoded in a transaction's JSON.
   */
  public static final StoreLimits LIMITS =
      new StoreLimits(512 * 1024, 128, 512 * 1024, TxnJson::size);

  private final ConsulTransport transport;
  private volatile StoreLimits limits;
  private final ConsulSettings settings;
  private final long retainedValueBudget;
  private final ConsulListings listings;

  private ConsulKvStore(
      ConsulSettings settings, CloseableHttpClient http, long retainedValueBudget) {
    this(settings, new ConsulTransport(settings, http), retainedValueBudget);
  }

  private ConsulKvStore(
      ConsulSettings settings, ConsulTransport transport, long retainedValueBudget) {
    this.settings = settings;
    this.transport = transport;
    this.retainedValueBudget = retainedValueBudget;
    this.limits = TxnJson.limits(LIMITS, settings);
    this.listings =
        new ConsulListings(transport, settings, retainedValueBudget, key -> get(key).isPresent());
  }

  /** Reads with {@code ?stale}: any server answers, maybe behind the leader; same connection. */
  @Override
  public KvStore staleReads() {
    return new ConsulKvStore(settings, transport.staleReads(), retainedValueBudget);
  }

  public static ConsulKvStore connect(ConsulSettings settings) {
    return connect(settings, ListingReader.RETAINED_VALUE_BUDGET);
  }

  /** With a chosen budget for listing values kept in memory (tests of the re-read path). */
  public static ConsulKvStore connect(ConsulSettings settings, long retainedValueBudget) {
    return new ConsulKvStore(settings, HttpClients.create(settings), retainedValueBudget);
  }

  /** HTTP requests made so far (benchmarks and --debug report it). */
  public long requestCount() {
    return transport.requestCount();
  }

  @Override
  public String describe() {
    return settings.describe();
  }

  @Override
  public Listing list(String prefix) {
    return list(prefix, Map.of());
  }

  @Override
  public Listing list(String prefix, Map<String, Known> known) {
    return listings.list(prefix, prefix + "/", "", null, null, known);
  }

  @Override
  public boolean indexesKeyRanges() {
    return true;
  }

  @Override
  public long indexOfKeysStartingWith(String keyStart) {
    // ?keys with a separator answers with the next names only, and its X-Consul-Index is that of
    // every key starting with keyStart: the newest entry or tombstone among them (1.16.6, 1.22.3).
    ConsulTransport.Answer answer = transport.get(kvPath(keyStart), "keys=&separator=%2F");
    if (answer.status() != 404) {
      expect(200, answer);
    }
    return answer.index();
  }

  @Override
  public Listing listKeysStartingWith(String prefix, String keyStart, Map<String, Known> known) {
    if (!keyStart.startsWith(prefix + "/")) {
      throw new IllegalArgumentException(keyStart + " is not under " + prefix + "/");
    }
    return listings.list(prefix, keyStart, "", null, null, known);
  }

  @Override
  public Listing watch(String prefix, long index, Duration wait, boolean stale) {
    return watch(prefix, index, wait, stale, Map.of());
  }

  @Override
  public Listing watch(
      String prefix, long index, Duration wait, boolean stale, Map<String, Known> known) {
    // Consul adds up to wait/16 of jitter before answering; allow for it and a margin.
    // --query-wait is at most 10m and --timeout 1h, so this stays far below int milliseconds.
    Duration deadline = wait.plus(wait.dividedBy(16)).plus(settings.timeout());
    int readTimeout = (int) deadline.toMillis();
    return listings.list(
        prefix,
        prefix + "/",
        "&index="
            + Long.toUnsignedString(index)
            + "&wait="
            + wait.toMillis()
            + "ms"
            + (stale ? "&stale" : ""),
        RequestConfig.custom()
            .setSocketTimeout(readTimeout)
            .setConnectTimeout((int) Math.min(settings.timeout().toMillis(), 10_000))
            .setRedirectsEnabled(false)
            .build(),
        deadline,
        known);
  }

  @Override
  public String identity() {
    // another namespace or partition is another keyspace: its own sync record
    return ConsulIdentity.of(transport, settings.datacenter()) + settings.scope();
  }

  @Override
  public KeyListing keys(String prefix) {
    return listings.keys(prefix);
  }

  @Override
  public long prefixIndex(String prefix) {
    return indexOfKeysStartingWith(prefix + "/");
  }

  @Override
  public Optional<KvValue> get(String key) {
    ConsulTransport.Answer answer = transport.get(kvPath(key), "");
    if (answer.status() == 404) {
      ConsulErrors.notFoundIsEmpty(describe(), 404, answer.body());
      return Optional.empty();
    }
    if (answer.status() == 500 && answer.body().contains("invalid key name")) {
      // Consul 1.21.5 and 1.22 refuse some key names on /v1/kv only; push wrote them by txn.
      return TxnGet.read(transport, describe(), key, TxnJson.scope(settings));
    }
    expect(200, answer);
    return Optional.of(parsed("entry", () -> ConsulAnswers.entry(answer.body())));
  }

  /** As the default, read with ?raw: no JSON, no base64 (see RawRead). */
  @Override
  public Optional<Long> indexIfHolds(String key, byte[] value) {
    return RawRead.indexIfHolds(transport, kvPath(key), value)
        .orElseGet(() -> KvStore.super.indexIfHolds(key, value));
  }

  @Override
  public Map<String, Long> txn(List<TxnOp> ops) {
    return send(encode(ops).body());
  }

  @Override
  public EncodedTxn encode(List<TxnOp> ops) {
    return new EncodedTxn(ops, TxnJson.body(ops, TxnJson.scope(settings)), this);
  }

  @Override
  public Map<String, Long> txn(EncodedTxn txn) {
    return txn.from(this) ? send(txn.body()) : txn(txn.ops());
  }

  private Map<String, Long> send(byte[] body) {
    ConsulTransport.Answer answer = transport.put("/v1/txn", "", body);
    // An agent before 1.14 takes 64 operations, and says so before applying anything.
    int max = answer.status() == 413 ? ConsulAnswers.opsLimit(answer.body()) : 0;
    if (max > 0 && max < limits.maxOpsPerTxn()) {
      limits = limits.withMaxOpsPerTxn(max);
      throw new OpsLimitExceeded(max);
    }
    if (answer.status() == 409) {
      throw new TxnRejectedException(
          parsed("transaction error", () -> ConsulAnswers.txnErrors(answer.body())));
    }
    expect(200, answer);
    return parsed("transaction result", () -> ConsulAnswers.txnWritten(answer.body()));
  }

  @Override
  public String kind() {
    return "Consul";
  }

  @Override
  public StoreLimits limits() {
    return limits;
  }

  @Override
  public boolean putCas(String key, byte[] value, long flags, long cas) {
    ConsulTransport.Answer answer =
        transport.put(
            kvPath(key),
            "cas=" + Long.toUnsignedString(cas) + "&flags=" + Long.toUnsignedString(flags),
            value);
    expect(200, answer);
    return parsed("check-and-set answer", () -> ConsulAnswers.casWon(answer.body()));
  }

  @Override
  public void close() {
    transport.close();
  }

  private static String kvPath(String key) {
    return "/v1/kv/" + KeyEncoding.encodePath(key);
  }

  private void expect(int status, ConsulTransport.Answer answer) {
    if (answer.status() != status) {
      throw ConsulErrors.status(describe(), answer.status(), answer.body());
    }
  }

  private <T> T parsed(String what, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (RuntimeException e) {
      throw ConsulErrors.malformed(describe(), what, e);
    }
  }
}
