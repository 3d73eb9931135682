package io.fileconsul.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.fileconsul.testing.ConsulStubs.error;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.store.KvValue;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A key Consul refuses on /v1/kv (bodies as 1.22.3 sent them) is read through /v1/txn instead:
 * present, absent, or left out of the answer for a token that may not read it, which is a denial.
 */
class ConsulKvStoreKeyNameTest extends StubbedConsulTest {
  private static final String READ = "[{\"KV\":{\"Verb\":\"get-or-empty\",\"Key\":\"fc/notes \"}}]";
  private static final String META =
      "\"Errors\":null,\"Index\":1,\"LastContact\":0,\"KnownLeader\":true,"
          + "\"ConsistencyLevel\":\"\",\"NotModified\":false,\"Backend\":0,"
          + "\"ResultsFilteredByACLs\":false}";

  @BeforeEach
  void refusedOnKv() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/notes%20"))
            .willReturn(error(500, "invalid key name, leading/trailing spaces are not allowed")));
  }

  private void txnAnswers(String results) {
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .withRequestBody(equalToJson(READ))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"Results\":" + results + "," + META)));
  }

  @Test
  void aKeyPresentComesFromTheTransaction() {
    txnAnswers(
        "[{\"KV\":{\"LockIndex\":0,\"Key\":\"fc/notes \",\"Flags\":0,\"Value\":\"dg==\","
            + "\"CreateIndex\":20,\"ModifyIndex\":21}}]");

    KvValue v = store.get("fc/notes ").orElseThrow();

    assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), v.value());
    assertEquals(21, v.modifyIndex());
  }

  @Test
  void aKeyAbsentIsEmptyWithIndexZero() {
    txnAnswers(
        "[{\"KV\":{\"LockIndex\":0,\"Key\":\"fc/notes \",\"Flags\":0,\"Value\":null,"
            + "\"CreateIndex\":0,\"ModifyIndex\":0}}]");

    assertEquals(Optional.empty(), store.get("fc/notes "));
  }

  @Test
  void aKeyLeftOutOfTheAnswerIsDeniedNeverAbsent() {
    txnAnswers("[]");

    FileconsulException e = assertThrows(FileconsulException.class, () -> store.get("fc/notes "));

    assertEquals(ExitCode.DENIED, e.exitCode(), e.getMessage());
    assertTrue(e.getMessage().contains("denied access to the key \"fc/notes \""), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
