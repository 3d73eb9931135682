package io.fileconsul.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.fileconsul.testing.ConsulStubs.array;
import static io.fileconsul.testing.ConsulStubs.entry;
import static io.fileconsul.testing.ConsulStubs.error;
import static io.fileconsul.testing.ConsulStubs.kvNotFound;
import static io.fileconsul.testing.ConsulStubs.kvRead;
import static io.fileconsul.testing.ConsulStubs.kvWrite;
import static io.fileconsul.testing.ConsulStubs.txnCommitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.store.TxnOp;
import io.fileconsul.testing.ConsulStubs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --namespace and --partition (Consul Enterprise): ns= and partition= on every request, in every
 * transaction operation, and in the store's identity. No Enterprise agent here: stubs, plus what CE
 * 1.16.6 really answers (the 400 below, copied from a dev agent).
 */
class ConsulKvStoreScopeTest {
  private static final String SCOPE = "dc=dc1&ns=team-a&partition=p1";

  @RegisterExtension static WireMockExtension consul = ConsulStubs.server();

  @Test
  void everyRequestCarriesTheNamespaceAndPartition() {
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse&" + SCOPE)).willReturn(kvNotFound(1)));
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?keys&" + SCOPE)).willReturn(kvRead("[]", 1)));
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse&index=1&wait=1000ms&" + SCOPE))
            .willReturn(kvNotFound(2)));
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/a?" + SCOPE))
            .willReturn(kvRead(array(entry("fc/a", bytes("a"), 0, 2)), 2)));
    consul.stubFor(put(urlEqualTo("/v1/kv/fc/a?cas=2&flags=0&" + SCOPE)).willReturn(kvWrite(true)));
    consul.stubFor(put(urlEqualTo("/v1/txn?" + SCOPE)).willReturn(txnCommitted()));
    consul.stubFor(
        get(urlPathEqualTo("/v1/connect/ca/roots"))
            .willReturn(kvRead("{\"TrustDomain\":\"1234.consul\"}", 0)));

    String identity;
    try (ConsulKvStore store = connect()) {
      store.list("fc");
      store.keys("fc");
      store.watch("fc", 1, Duration.ofSeconds(1), false);
      store.get("fc/a");
      store.putCas("fc/a", bytes("b"), 0, 2);
      store.txn(List.of(TxnOp.write("fc/b", bytes("b"), 0, 0), TxnOp.delete("fc/c", 3)));
      identity = store.identity();
    }

    List<LoggedRequest> requests = consul.findAll(anyRequestedFor(anyUrl()));
    assertEquals(7, requests.size());
    for (LoggedRequest r : requests) {
      assertTrue(r.getUrl().endsWith("?" + SCOPE) || r.getUrl().endsWith("&" + SCOPE), r.getUrl());
    }
    String txn =
        requests.stream()
            .filter(r -> r.getUrl().startsWith("/v1/txn"))
            .findFirst()
            .orElseThrow()
            .getBodyAsString();
    assertEquals(2, txn.split("\"Namespace\":\"team-a\",\"Partition\":\"p1\"", -1).length - 1, txn);
    // a namespace is another keyspace: it keys the sync record
    assertEquals("consul cluster 1234 dc dc1 partition p1 namespace team-a", identity);
  }

  @Test
  void transactionBatchesCountTheScopeEachOperationCarries() {
    try (ConsulKvStore plain = ConsulKvStore.connect(ConsulStubs.settings(consul.baseUrl()));
        ConsulKvStore scoped = connect()) {
      TxnOp op = TxnOp.write("fc/b", bytes("b"), 0, 0);
      long extra = ",\"Namespace\":\"team-a\",\"Partition\":\"p1\"".length();
      assertEquals(plain.limits().opSize().of(op, 1) + extra, scoped.limits().opSize().of(op, 1));
      assertEquals(
          TxnJson.body(List.of(op), TxnJson.scope(scopedSettings())).length + 0L,
          scoped.limits().opSize().of(op, 1) + 1); // the brackets, less the separator
    }
  }

  @Test
  void communityEditionsAnswerIsAUsageErrorNamingTheOptions() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse&" + SCOPE))
            .willReturn(
                error(
                    400,
                    "Invalid query parameter: \"ns\" - Namespaces are a Consul Enterprise"
                        + " feature")));

    try (ConsulKvStore store = connect()) {
      FileconsulException e = assertThrows(FileconsulException.class, () -> store.list("fc"));
      assertEquals(ExitCode.USAGE, e.exitCode());
      assertTrue(
          e.getMessage().contains(" has no namespaces or partitions (HTTP 400 \"Invalid query"),
          e.getMessage());
      assertTrue(e.getMessage().contains("drop --namespace/--partition"), e.getMessage());
    }
  }

  private ConsulSettings scopedSettings() {
    ConsulSettings s = ConsulStubs.settings(consul.baseUrl());
    return new ConsulSettings(
        s.address(),
        s.token(),
        Optional.of("dc1"),
        s.tls(),
        Duration.ofSeconds(10),
        Optional.empty(),
        Optional.of("team-a"),
        Optional.of("p1"));
  }

  private ConsulKvStore connect() {
    return ConsulKvStore.connect(scopedSettings());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
