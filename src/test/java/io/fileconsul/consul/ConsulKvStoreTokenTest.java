package io.fileconsul.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.fileconsul.testing.ConsulStubs.array;
import static io.fileconsul.testing.ConsulStubs.entry;
import static io.fileconsul.testing.ConsulStubs.error;
import static io.fileconsul.testing.ConsulStubs.kvNotFound;
import static io.fileconsul.testing.ConsulStubs.kvRead;
import static io.fileconsul.testing.ConsulStubs.kvWrite;
import static io.fileconsul.testing.ConsulStubs.txnCommitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.store.TxnOp;
import io.fileconsul.testing.ConsulStubs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ACL token travels only in the X-Consul-Token header and never reaches a message. */
class ConsulKvStoreTokenTest {
  private static final String TOKEN = "5e1b0e7c-2d4f-4b0a-9c61-secret-f00d";

  @RegisterExtension static WireMockExtension consul = ConsulStubs.server();

  @Test
  void everyKindOfRequestCarriesTheTokenAsAHeaderAndNeverInTheUrl() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .withHeader("X-Consul-Token", equalTo(TOKEN))
            .willReturn(kvNotFound(1)));
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/a"))
            .withHeader("X-Consul-Token", equalTo(TOKEN))
            .willReturn(kvRead(array(entry("fc/a", bytes("a"), 0, 2)), 2)));
    consul.stubFor(
        put(urlEqualTo("/v1/kv/fc/a?cas=2&flags=0"))
            .withHeader("X-Consul-Token", equalTo(TOKEN))
            .willReturn(kvWrite(true)));
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .withHeader("X-Consul-Token", equalTo(TOKEN))
            .willReturn(txnCommitted()));

    try (ConsulKvStore store = connect(Duration.ofSeconds(10))) {
      store.list("fc");
      store.get("fc/a");
      store.putCas("fc/a", bytes("b"), 0, 2);
      store.txn(List.of(TxnOp.write("fc/b", bytes("b"), 0, 0)));
    }

    List<LoggedRequest> requests = consul.findAll(anyRequestedFor(anyUrl()));
    assertEquals(4, requests.size());
    for (LoggedRequest r : requests) {
      assertEquals(List.of(TOKEN), r.getHeaders().getHeader("X-Consul-Token").values(), r.getUrl());
      assertFalse(r.getUrl().contains("token="), r.getUrl());
      assertFalse(r.getUrl().contains(TOKEN), r.getUrl());
    }
  }

  @Test
  void withoutATokenNoTokenHeaderIsSent() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .withHeader("X-Consul-Token", absent())
            .willReturn(kvNotFound(1)));

    try (ConsulKvStore store = ConsulKvStore.connect(ConsulStubs.settings(consul.baseUrl()))) {
      assertEquals(List.of(), store.list("fc").entries());
    }
  }

  @Test
  void theTokenIsInNoErrorMessage() {
    List<ResponseDefinitionBuilder> failures =
        List.of(
            error(403, "ACL not found"),
            error(500, "No cluster leader"),
            aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
            kvNotFound(1).withFixedDelay(3_000));
    for (ResponseDefinitionBuilder failure : failures) {
      consul.resetAll();
      consul.stubFor(any(anyUrl()).willReturn(failure));
      try (ConsulKvStore store = connect(Duration.ofSeconds(1))) {
        assertTokenNotIn(assertThrows(FileconsulException.class, () -> store.list("fc")));
        assertTokenNotIn(assertThrows(FileconsulException.class, () -> store.get("fc/a")));
        assertTokenNotIn(
            assertThrows(FileconsulException.class, () -> store.putCas("fc/a", bytes("a"), 0, 0)));
        assertTokenNotIn(
            assertThrows(
                FileconsulException.class,
                () -> store.txn(List.of(TxnOp.write("fc/a", bytes("a"), 0, 0)))));
      }
    }
  }

  private static void assertTokenNotIn(FileconsulException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(TOKEN), t.toString());
      assertFalse(t.toString().contains(TOKEN), t.toString());
    }
  }

  private ConsulKvStore connect(Duration timeout) {
    return ConsulKvStore.connect(
        ConsulStubs.settings(consul.baseUrl(), Optional.of(TOKEN), timeout));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
