package io.fileconsul.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.fileconsul.testing.ConsulStubs.txnCommitted;
import static io.fileconsul.testing.ConsulStubs.txnRolledBack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.fileconsul.store.EncodedTxn;
import io.fileconsul.store.TxnOp;
import io.fileconsul.store.TxnRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /v1/txn: the request body, the indexes learnt from a commit, and a rollback (409). */
class ConsulKvStoreTxnTest extends StubbedConsulTest {
  private static final long MODE_0644 = 0x4643_01a4L;

  @Test
  void theBodyIsAnArrayOfCasAndDeleteCasOpsWithBase64Values() {
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .withRequestBody(
                equalToJson(
                    """
        [
          {"KV": {"Verb": "cas", "Key": "fc/new", "Value": "aGVsbG8=", "Flags": 1178796452, "Index": 0}},
          {"KV": {"Verb": "cas", "Key": "fc/empty", "Value": "", "Flags": 1178796452, "Index": 12}},
          {"KV": {"Verb": "delete-cas", "Key": "fc/old", "Index": 7}}
        ]
        """))
            .willReturn(txnCommitted()));

    store.txn(
        List.of(
            TxnOp.write("fc/new", bytes("hello"), MODE_0644, 0),
            TxnOp.write("fc/empty", new byte[0], MODE_0644, 12),
            TxnOp.delete("fc/old", 7)));

    LoggedRequest sent = consul.getAllServeEvents().get(0).getRequest();
    assertEquals(Integer.toString(sent.getBody().length), sent.getHeader("Content-Length"));
    assertFalse(sent.containsHeader("Transfer-Encoding"));
  }

  /** Encoded ahead (a push's read-ahead thread), the same body goes out, once. */
  @Test
  void anEncodedTransactionSendsTheBodyItWasEncodedInto() {
    List<TxnOp> ops =
        List.of(TxnOp.write("fc/new", bytes("hello"), MODE_0644, 0), TxnOp.delete("fc/old", 7));
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .withRequestBody(
                equalToJson(
                    """
        [
          {"KV": {"Verb": "cas", "Key": "fc/new", "Value": "aGVsbG8=", "Flags": 1178796452, "Index": 0}},
          {"KV": {"Verb": "delete-cas", "Key": "fc/old", "Index": 7}}
        ]
        """))
            .willReturn(txnCommitted()));
    EncodedTxn encoded = store.encode(ops);

    Map<String, Long> written = store.txn(encoded);

    assertEquals(1, written.size());
    assertEquals(1, consul.getAllServeEvents().size());
    assertArrayEquals(encoded.body(), consul.getAllServeEvents().get(0).getRequest().getBody());
  }

  @Test
  void aCommitReportsTheNewModifyIndexOfEveryWrittenKeyAndNothingForDeletes() {
    consul.stubFor(put(urlEqualTo("/v1/txn")).willReturn(txnCommitted()));

    Map<String, Long> written =
        store.txn(
            List.of(
                TxnOp.write("fc/a", bytes("a"), MODE_0644, 0),
                TxnOp.delete("fc/gone", 3),
                TxnOp.write("fc/b", bytes("b"), MODE_0644, 5)));

    assertEquals(2, written.size());
    assertEquals(written.get("fc/a"), written.get("fc/b"), "one transaction, one raft index");
    assertTrue(written.get("fc/a") > 5);
  }

  @Test
  void aResultIsMatchedByKeyNotByPosition() {
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
        {"Results":[{"KV":{"LockIndex":0,"Key":"fc/b","Flags":0,"Value":null,"CreateIndex":8,"ModifyIndex":43}},\
        {"KV":{"LockIndex":0,"Key":"fc/a","Flags":0,"Value":null,"CreateIndex":40,"ModifyIndex":43}}],"Errors":null}""")));

    Map<String, Long> written =
        store.txn(
            List.of(
                TxnOp.delete("fc/x", 1),
                TxnOp.write("fc/a", bytes("a"), 0, 40),
                TxnOp.write("fc/b", bytes("b"), 0, 8)));

    assertEquals(Map.of("fc/a", 43L, "fc/b", 43L), written);
  }

  @Test
  void aStaleIndexRollsTheTransactionBack() {
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .willReturn(txnRolledBack(1, "failed to set key \"fc/b\", index is stale")));

    TxnRejectedException e =
        assertThrows(
            TxnRejectedException.class,
            () ->
                store.txn(
                    List.of(
                        TxnOp.write("fc/a", bytes("a"), MODE_0644, 0),
                        TxnOp.write("fc/b", bytes("b"), MODE_0644, 41))));

    assertEquals(
        List.of(new TxnRejectedException.OpError(1, "failed to set key \"fc/b\", index is stale")),
        e.errors());
    assertFalse(e.permissionDenied());
  }

  @Test
  void aDeniedOperationInsideATransactionIsA409NotA403() {
    consul.stubFor(
        put(urlEqualTo("/v1/txn"))
            .willReturn(
                txnRolledBack(
                    0,
                    "Permission denied: token with AccessorID 'b2c5a1f0-4e0f-4c1b-9d57-2a3f8e5c7d10' lacks"
                        + " permission 'key:write' on \"fc/a\"")));

    TxnRejectedException e =
        assertThrows(
            TxnRejectedException.class,
            () -> store.txn(List.of(TxnOp.write("fc/a", bytes("a"), MODE_0644, 0))));

    assertTrue(e.permissionDenied());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
