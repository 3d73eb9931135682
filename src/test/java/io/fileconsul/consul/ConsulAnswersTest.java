package io.fileconsul.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.store.KvValue;
import io.fileconsul.store.TxnRejectedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Consul's small answers, and what is not one of them. */
class ConsulAnswersTest {
  @Test
  void aCasVerdictIsExactlyTrueOrFalse() {
    assertTrue(ConsulAnswers.casWon("true"));
    assertFalse(ConsulAnswers.casWon("false\n"));
    // "contains true" once read this page as a won race
    assertThrows(
        IllegalArgumentException.class,
        () -> ConsulAnswers.casWon("<html>it is true that this is a proxy</html>"));
    assertThrows(IllegalArgumentException.class, () -> ConsulAnswers.casWon(""));
  }

  @Test
  void anOldAgentsOpsLimitIsReadFromIts413() {
    assertEquals(64, ConsulAnswers.opsLimit("Transaction contains too many operations (128 > 64)"));
    assertEquals(0, ConsulAnswers.opsLimit("Request body too large, max size: 524288 bytes"));
    assertEquals(0, ConsulAnswers.opsLimit("too many operations (1 > 99999999999999)"));
  }

  @Test
  void aTransactionsResultsAndErrors() {
    assertEquals(
        Map.of("fc/a", 12L),
        ConsulAnswers.txnWritten(
            "{\"Results\":[{\"KV\":{\"Key\":\"fc/a\",\"ModifyIndex\":12}}],\"Errors\":null}"));
    assertEquals(
        List.of(new TxnRejectedException.OpError(1, "failed index check")),
        ConsulAnswers.txnErrors(
            "{\"Results\":null,\"Errors\":[{\"OpIndex\":1,"
                + "\"What\":\"failed index check\"}]}"));
  }

  @Test
  void anEntryAndAKeyListing() {
    KvValue v =
        ConsulAnswers.entry(
            "[{\"Key\":\"fc/a\",\"Flags\":3,\"Value\":\"eA==\"," + "\"ModifyIndex\":9}]");
    assertEquals("fc/a", v.key());
    assertEquals(9, v.modifyIndex());
    assertEquals(List.of("fc/a", "fc/b"), ConsulAnswers.keys("[\"fc/a\",\"fc/b\"]"));
  }
}
