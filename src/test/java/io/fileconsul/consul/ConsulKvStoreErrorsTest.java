package io.fileconsul.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.fileconsul.testing.ConsulStubs.error;
import static io.fileconsul.testing.ConsulStubs.kvNotFound;
import static io.fileconsul.testing.ConsulStubs.kvWrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.store.TxnOp;
import io.fileconsul.testing.ConsulStubs;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every way Consul (or the network) can fail becomes one exit code and a one-line message that says
 * what happened and what to do. Bodies are Consul's own texts.
 */
class ConsulKvStoreErrorsTest extends StubbedConsulTest {
  /** Short enough to keep the timeout tests fast; the other tests use the default 10s. */
  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

  private static final String TOO_LARGE =
      "Request body(600000 bytes) too large, max size: 524288"
          + " bytes. See https://www.consul.io/docs/agent/config/config-files#kv_max_value_size.";

  @Test
  void aKeyNameRejectedByConsul1215IsRefusedNotRetried() {
    consul.stubFor(
        put(urlPathEqualTo("/v1/kv/fc/a%20b"))
            .willReturn(
                error(
                    500,
                    // 1.21.5's own bytes: two backslashes, no full stop
                    "invalid key name, keys should respect the"
                        + " \"^[a-zA-Z0-9,_./\\\\-?&=]+$\" format")));

    FileconsulException e = failure(() -> store.putCas("fc/a b", new byte[] {1}, 0, 0));

    assertEquals(ExitCode.REFUSED, e.exitCode(), e.getMessage());
    assertOneLine(e, "refused a key name", "rename the file");
  }

  @Test
  void anUnknownTokenIsDenied() {
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(error(403, "ACL not found")));

    FileconsulException e = failure(() -> store.list("fc"));

    assertEquals(ExitCode.DENIED, e.exitCode(), e.getMessage());
    assertOneLine(e, "denied access", "ACL not found", "check --token");
  }

  @Test
  void aWriteWithoutKeyWritePermissionIsDenied() {
    consul.stubFor(
        put(urlPathEqualTo("/v1/kv/fc/a"))
            .willReturn(
                error(
                    403,
                    "Permission denied: token with AccessorID 'b2c5a1f0-4e0f-4c1b-9d57-2a3f8e5c7d10' lacks"
                        + " permission 'key:write' on \"fc/a\"")));

    FileconsulException e = failure(() -> store.putCas("fc/a", new byte[] {1}, 0, 0));

    assertEquals(ExitCode.DENIED, e.exitCode(), e.getMessage());
    assertOneLine(e, "Permission denied", "key:write", "key policy");
  }

  @Test
  void aDenialNamingANonAsciiPrefixIsQuotedIntact() {
    // Consul writes error text as UTF-8; whether a Content-Type comes with it is not verified.
    consul.stubFor(
        get(urlEqualTo("/v1/kv/%E6%97%A5%E6%9C%AC/?recurse"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "Permission denied: token with AccessorID 'b2c5a1f0-4e0f-4c1b-9d57-2a3f8e5c7d10'"
                            + " lacks permission 'key:list' on \"日本/\"")));

    FileconsulException e = failure(() -> store.list("日本"));

    assertEquals(ExitCode.DENIED, e.exitCode(), e.getMessage());
    assertOneLine(e, "'key:list' on \"日本/\"");
  }

  @Test
  void noClusterLeaderIsUnavailable() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(error(500, "No cluster leader")));

    FileconsulException e = failure(() -> store.list("fc"));

    assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
    assertOneLine(e, "HTTP 500", "No cluster leader", "retry");
  }

  @Test
  void noClusterLeaderSeenThroughAClientAgentIsUnavailableToo() {
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .willReturn(error(500, "rpc error making call: No cluster leader")));

    FileconsulException e =
        failure(() -> store.txn(List.of(TxnOp.write("fc/a", new byte[] {1}, 0, 0))));

    assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
    assertOneLine(e, "No cluster leader", "retry");
  }

  @Test
  void aValueOverTheAgentsLimitIsRefused() {
    consul.stubFor(put(urlPathEqualTo("/v1/kv/fc/big")).willReturn(error(413, TOO_LARGE)));

    FileconsulException e = failure(() -> store.putCas("fc/big", new byte[600_000], 0, 0));

    assertEquals(ExitCode.REFUSED, e.exitCode(), e.getMessage());
    assertOneLine(e, "too large", "max size: 524288", "--max-value-size");
  }

  @Test
  void rateLimitingWithAnEmptyBodyIsUnavailable() {
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/a")).willReturn(aResponse().withStatus(429)));

    FileconsulException e = failure(() -> store.get("fc/a"));

    assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
    assertOneLine(e, "HTTP 429", "rate-limiting", "retry later");
  }

  @Test
  void aConnectionResetIsUnavailable() {
    consul.stubFor(
        any(urlPathEqualTo("/v1/kv/fc/"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    FileconsulException e = failure(() -> store.list("fc"));

    assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
    assertOneLine(e, "cannot reach Consul at " + consul.baseUrl(), "retry");
  }

  @Test
  void anEmptyResponseIsUnavailable() {
    consul.stubFor(
        put(urlEqualTo("/v1/txn")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    FileconsulException e =
        failure(() -> store.txn(List.of(TxnOp.write("fc/a", new byte[] {1}, 0, 0))));

    assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
    assertOneLine(e, "cannot reach Consul", "retry");
  }

  @Test
  void aResponseSlowerThanTheTimeoutIsUnavailable() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .willReturn(kvNotFound(1).withFixedDelay(10 * (int) SHORT_TIMEOUT.toMillis())));

    try (ConsulKvStore impatient = connectWithShortTimeout()) {
      FileconsulException e = failure(() -> impatient.list("fc"));

      assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
      assertOneLine(e, "timed out", "retry");
    }
  }

  @Test
  void aSlowSingleKeyReadOrTransactionTimesOutToo() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/a"))
            .willReturn(kvNotFound(1).withFixedDelay(10 * (int) SHORT_TIMEOUT.toMillis())));
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .willReturn(
                ConsulStubs.txnCommitted().withFixedDelay(10 * (int) SHORT_TIMEOUT.toMillis())));

    try (ConsulKvStore impatient = connectWithShortTimeout()) {
      FileconsulException read = failure(() -> impatient.get("fc/a"));
      FileconsulException write =
          failure(() -> impatient.txn(List.of(TxnOp.write("fc/a", new byte[] {1}, 0, 0))));

      assertEquals(ExitCode.UNAVAILABLE, read.exitCode(), read.getMessage());
      assertOneLine(read, "timed out");
      assertEquals(ExitCode.UNAVAILABLE, write.exitCode(), write.getMessage());
      assertOneLine(write, "timed out");
    }
  }

  @Test
  void aRedirectedPutIsNotFollowedAndIsAnError() {
    consul.stubFor(
        put(urlEqualTo("/v1/kv/fc/a?cas=0&flags=0"))
            .willReturn(
                aResponse()
                    .withStatus(301)
                    .withHeader("Location", "/v1/kv/elsewhere/a?cas=0&flags=0")));
    consul.stubFor(any(urlPathEqualTo("/v1/kv/elsewhere/a")).willReturn(kvWrite(true)));

    FileconsulException e = failure(() -> store.putCas("fc/a", new byte[] {1}, 0, 0));

    assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
    assertOneLine(e, "HTTP 301", "check --addr");
    assertEquals(1, consul.findAll(anyRequestedFor(urlPathEqualTo("/v1/kv/fc/a"))).size());
    assertEquals(0, consul.findAll(anyRequestedFor(urlPathEqualTo("/v1/kv/elsewhere/a"))).size());
  }

  @Test
  void aRedirectedListingIsNotFollowedEither() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .willReturn(
                aResponse().withStatus(301).withHeader("Location", "/v1/kv/elsewhere/?recurse")));
    consul.stubFor(any(urlPathEqualTo("/v1/kv/elsewhere/")).willReturn(kvNotFound(1)));

    FileconsulException e = failure(() -> store.list("fc"));

    assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
    assertEquals(0, consul.findAll(anyRequestedFor(urlPathEqualTo("/v1/kv/elsewhere/"))).size());
  }

  @Test
  void nothingListeningIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (ConsulKvStore nowhere =
        ConsulKvStore.connect(ConsulStubs.settings("http://127.0.0.1:" + closedPort))) {
      FileconsulException e = failure(() -> nowhere.list("fc"));

      assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
      assertOneLine(e, "connection refused", "--addr");
    }
  }

  @Test
  void anHtmlPageAnsweredWith200IsNotConsulRatherThanUnreachable() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<!DOCTYPE html>\n<html><body>Sign in</body></html>\n")));

    FileconsulException e = failure(() -> store.list("fc"));

    assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
    assertOneLine(e, "something that is not JSON", "check --addr points at a Consul HTTP API");
    assertFalse(e.getMessage().contains("cannot reach"), e.getMessage());
  }

  /** Consul's own text and trailing newline for a path outside its API (consul-kv-reference.md). */
  private static final String INVALID_URL_PATH =
      "Invalid URL path: not a recognized HTTP API endpoint\n";

  @Test
  void a404WithABodyIsNeverAnEmptyPrefix() {
    consul.stubFor(get(urlPathEqualTo("/v1/kv/fc/")).willReturn(error(404, INVALID_URL_PATH)));

    FileconsulException listing = failure(() -> store.list("fc"));
    FileconsulException watch = failure(() -> store.watch("fc", 7, Duration.ofSeconds(1), false));

    for (FileconsulException e : List.of(listing, watch)) {
      assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
      assertOneLine(e, "HTTP 404 \"Invalid URL path", "check the path in --addr");
    }
  }

  @Test
  void aSingleKey404WithABodyIsNeverAMissingKey() {
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/a")).willReturn(error(404, INVALID_URL_PATH)));

    FileconsulException e = failure(() -> store.get("fc/a"));

    assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
    assertOneLine(e, "Invalid URL path");
  }

  @Test
  void consulsEmpty404IsStillAnEmptyPrefixAndAMissingKey() {
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(3)));
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/a")).willReturn(kvNotFound(3)));

    assertEquals(0, store.list("fc").entries().size());
    assertEquals(Optional.empty(), store.get("fc/a"));
  }

  private ConsulKvStore connectWithShortTimeout() {
    return ConsulKvStore.connect(
        ConsulStubs.settings(consul.baseUrl(), Optional.empty(), SHORT_TIMEOUT));
  }

  private static FileconsulException failure(Executable call) {
    return assertThrows(FileconsulException.class, call);
  }

  private static void assertOneLine(FileconsulException e, String... mustSay) {
    String message = e.getMessage();
    assertFalse(message.contains("\n") || message.contains("\r"), message);
    for (String s : mustSay) {
      assertTrue(message.contains(s), "expected \"" + s + "\" in: " + message);
    }
  }
}
