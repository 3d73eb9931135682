package io.fileconsul.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;

/**
 * The listing's hash thread never holds more than ValueHashes.MAX_WAITING bytes of values: while it
 * is behind, the parse hashes inline. A 1 GB pull under -Xmx256m timed out before this bound.
 */
class ValueHashesTest {
  @Test
  void whileTheThreadIsBehindTheParseHashesInlineAndEveryHashIsRight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService stalled = Executors.newSingleThreadExecutor();
    stalled.submit(
        () -> {
          release.await(); // the hash thread is busy until released
          return null;
        });
    List<byte[]> values = new ArrayList<>();
    List<Future<String>> hashes = new ArrayList<>();
    try (ValueHashes h = new ValueHashes(() -> stalled)) {
      byte[] first = new byte[(int) ValueHashes.INLINE_BYTES];
      values.add(first);
      hashes.add(h.of(first));
      for (int i = 0; i < 40; i++) {
        byte[] v = new byte[512 * 1024];
        v[0] = (byte) i;
        values.add(v);
        hashes.add(h.of(v));
      }
      long queued = hashes.stream().filter(f -> !f.isDone()).count();
      assertEquals(ValueHashes.MAX_WAITING / (512 * 1024), queued, "16 values wait, no more");
      assertFalse(hashes.get(1).isDone(), "the first past the inline bytes went to the thread");
      assertTrue(hashes.get(40).isDone(), "past the bound the parse hashed it itself");

      release.countDown();
      for (int i = 0; i < values.size(); i++) {
        assertEquals(DigestUtils.sha256Hex(values.get(i)), ValueHashes.get(hashes.get(i)));
      }
    }
  }
}
