package io.fileconsul.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.fileconsul.store.TxnOp;
import io.fileconsul.testing.ConsulStubs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CONSUL_HTTP_AUTH: HTTP basic auth on every request, as the consul CLI sends it. */
class ConsulKvStoreHttpAuthTest {
  private static final String AUTH = "fleet:pa:ss-w0rd"; // the password may hold a colon
  private static final String BASIC =
      "Basic " + Base64.getEncoder().encodeToString(AUTH.getBytes(StandardCharsets.UTF_8));

  @RegisterExtension static WireMockExtension consul = ConsulStubs.server();

  @Test
  void everyKindOfRequestCarriesBasicAuth() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .withHeader("Authorization", equalTo(BASIC))
            .willReturn(kvNotFound(1)));
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?keys"))
            .withHeader("Authorization", equalTo(BASIC))
            .willReturn(kvRead("[\"fc/a\"]", 2)));
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/a"))
            .withHeader("Authorization", equalTo(BASIC))
            .willReturn(kvRead(array(entry("fc/a", bytes("a"), 0, 2)), 2)));
    consul.stubFor(
        put(urlEqualTo("/v1/kv/fc/a?cas=2&flags=0"))
            .withHeader("Authorization", equalTo(BASIC))
            .willReturn(kvWrite(true)));
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .withHeader("Authorization", equalTo(BASIC))
            .willReturn(txnCommitted()));

    try (ConsulKvStore store = connect(Optional.of(AUTH))) {
      store.list("fc");
      store.keys("fc");
      store.get("fc/a");
      store.putCas("fc/a", bytes("b"), 0, 2);
      store.txn(List.of(TxnOp.write("fc/b", bytes("b"), 0, 0)));
    }

    List<LoggedRequest> requests = consul.findAll(anyRequestedFor(anyUrl()));
    assertEquals(5, requests.size());
    for (LoggedRequest r : requests) {
      assertEquals(List.of(BASIC), r.getHeaders().getHeader("Authorization").values());
      assertFalse(r.getUrl().contains("fleet"), r.getUrl());
    }
  }

  @Test
  void withoutItNoAuthorizationHeaderIsSent() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .withHeader("Authorization", absent())
            .willReturn(kvNotFound(1)));

    try (ConsulKvStore store = connect(Optional.empty())) {
      assertEquals(List.of(), store.list("fc").entries());
    }
  }

  @Test
  void settingsNeverShowIt() {
    assertFalse(
        ConsulStubs.settings(consul.baseUrl()).toString().contains("fleet"),
        "the settings without it");
    ConsulSettings s = withAuth(Optional.of(AUTH));
    assertFalse(s.toString().contains("fleet") || s.toString().contains("w0rd"), s.toString());
  }

  private ConsulKvStore connect(Optional<String> auth) {
    return ConsulKvStore.connect(withAuth(auth));
  }

  private ConsulSettings withAuth(Optional<String> auth) {
    ConsulSettings s = ConsulStubs.settings(consul.baseUrl());
    return new ConsulSettings(
        s.address(), s.token(), s.datacenter(), s.tls(), Duration.ofSeconds(10), auth);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
