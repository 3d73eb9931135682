package io.fileconsul.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.store.TxnRejectedException;
import io.fileconsul.testing.FuzzRuns;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A /v1/txn answer is the server's, untrusted: its 200 body (the written keys' new indexes), its
 * 409 body (why it rolled back) and its 413 body (the ops limit) each parse to a value or fail with
 * a RuntimeException, which ConsulKvStore reports as a malformed answer (exit 5, one line). An
 * Error (a StackOverflowError from deep nesting, say) or a message that breaks the one-line rule
 * would escape that.
 */
class TxnAnswersFuzzTest {
  private static final FuzzRuns RUNS = FuzzRuns.of("TxnAnswers");

  @FuzzTest
  void aTxnAnswerIsParsedOrMalformed(byte[] input) {
    RUNS.tick();
    String body = new String(input, StandardCharsets.UTF_8);
    try {
      Map<String, Long> written = ConsulAnswers.txnWritten(body);
      assertFalse(written.containsKey(null));
    } catch (RuntimeException e) {
      assertMalformed("transaction result", e);
    }
    try {
      List<TxnRejectedException.OpError> errors = ConsulAnswers.txnErrors(body);
      errors.forEach(o -> assertTrue(o.what() != null));
    } catch (RuntimeException e) {
      assertMalformed("transaction error", e);
    }
    int limit = ConsulAnswers.opsLimit(body);
    assertTrue(limit >= 0, "an ops limit of " + limit);
  }

  /** What ConsulKvStore.parsed makes of it: exit 5 and one line. */
  private static void assertMalformed(String what, RuntimeException e) {
    FileconsulException f = ConsulErrors.malformed("127.0.0.1:8500", what, e);
    assertEquals(ExitCode.UNAVAILABLE, f.exitCode());
    assertFalse(f.getMessage().contains("\n") || f.getMessage().contains("\r"), f.getMessage());
  }
}
