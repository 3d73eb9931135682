package io.fileconsul.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.fileconsul.testing.ConsulStubs.array;
import static io.fileconsul.testing.ConsulStubs.entry;
import static io.fileconsul.testing.ConsulStubs.kvNotFound;
import static io.fileconsul.testing.ConsulStubs.kvRead;
import static io.fileconsul.testing.ConsulStubs.kvWrite;
import static io.fileconsul.testing.ConsulStubs.txnCommitted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.fileconsul.store.TxnOp;
import io.fileconsul.testing.ConsulStubs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where requests go: a reverse-proxy path in the address, and ?dc= on every request. */
class ConsulKvStoreAddressTest {
  @RegisterExtension static WireMockExtension consul = ConsulStubs.server();

  @Test
  void aPathInTheAddressPrefixesEveryRequest() {
    consul.stubFor(get(urlEqualTo("/consul/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    consul.stubFor(get(urlEqualTo("/consul/v1/kv/fc/a")).willReturn(kvNotFound(1)));
    consul.stubFor(put(urlEqualTo("/consul/v1/kv/fc/a?cas=0&flags=0")).willReturn(kvWrite(true)));
    consul.stubFor(put(urlEqualTo("/consul/v1/txn")).willReturn(txnCommitted()));

    try (ConsulKvStore store =
        ConsulKvStore.connect(ConsulStubs.settings(consul.baseUrl() + "/consul/"))) {
      store.list("fc");
      store.get("fc/a");
      store.putCas("fc/a", new byte[] {1}, 0, 0);
      store.txn(List.of(TxnOp.write("fc/b", new byte[] {2}, 0, 0)));
    }

    assertEquals(4, consul.getAllServeEvents().size());
  }

  @Test
  void theDatacenterIsAQueryParameterOnEveryRequest() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse&dc=eu-west"))
            .willReturn(kvRead(array(entry("fc/a", new byte[] {1}, 0, 4)), 4)));
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/a?dc=eu-west")).willReturn(kvNotFound(4)));
    consul.stubFor(
        put(urlEqualTo("/v1/kv/fc/a?cas=4&flags=0&dc=eu-west")).willReturn(kvWrite(true)));
    consul.stubFor(put(urlEqualTo("/v1/txn?dc=eu-west")).willReturn(txnCommitted()));
    ConsulSettings inEuWest = ConsulStubs.settings(consul.baseUrl());
    inEuWest =
        new ConsulSettings(
            inEuWest.address(),
            Optional.empty(),
            Optional.of("eu-west"),
            inEuWest.tls(),
            Duration.ofSeconds(10));

    try (ConsulKvStore store = ConsulKvStore.connect(inEuWest)) {
      assertEquals(1, store.list("fc").entries().size());
      assertEquals(Optional.empty(), store.get("fc/a"));
      store.putCas("fc/a", new byte[] {1}, 0, 4);
      store.txn(List.of(TxnOp.write("fc/b", new byte[] {2}, 0, 0)));
    }

    assertEquals(4, consul.getAllServeEvents().size());
  }
}
