package io.fileconsul.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.store.StoreLimits;
import io.fileconsul.store.TxnBatcher;
import io.fileconsul.store.TxnOp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Consul's /v1/txn bodies: their exact size per op, and batches that stay within the limits. */
class TxnJsonTest {
  private static final long KIB = 1024;
  private static final StoreLimits LIMITS = ConsulKvStore.LIMITS.withMaxOpsPerTxn(64);

  @Test
  void aFileOf384KiBIsTooLargeForATransactionButOneOf380KiBIsNot() {
    TxnOp op = TxnOp.write("fc/big.bin", new byte[0], 0x4643_01a4L, 0);

    assertTrue(TxnJson.size(op, 384 * KIB) + 2 > LIMITS.maxRequestBytes());
    assertFalse(TxnJson.size(op, 380 * KIB) + 2 > LIMITS.maxRequestBytes());
  }

  /** What gson's writer made before: the same JSON, now written as bytes. */
  @Test
  void theBodyIsTheJsonConsulReads() {
    TxnOp write =
        TxnOp.write("fc/\"q\"\\\u0001/日本", new byte[] {1, 2, (byte) 0xff}, 0x4643_01edL, 42);
    TxnOp delete = TxnOp.delete("fc/x", 7);

    assertEquals(
        "[{\"KV\":{\"Verb\":\"delete-cas\",\"Key\":\"fc/x\",\"Index\":7}},"
            + "{\"KV\":{\"Verb\":\"cas\",\"Key\":\"fc/\\\"q\\\"\\\\\\u0001/日本\",\"Value\":\"AQL/\","
            + "\"Flags\":1178796525,\"Index\":42}}]",
        new String(TxnJson.body(List.of(delete, write)), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 1000})
  void opSizeIsTheExactBytesTheOpAddsToABody(int valueLength) {
    TxnOp write = TxnOp.write("fc/日本/\"quoted\" é", new byte[valueLength], 0x4643_01edL, 42);
    TxnOp delete = TxnOp.delete("fc/x", 7);

    long body = TxnJson.body(List.of(delete, write)).length;

    assertEquals(
        2 + TxnJson.size(delete, 0) + TxnJson.size(write, valueLength) - 1,
        body,
        "brackets, both ops, and one comma");
  }

  @Test
  void realBodiesOfRandomOpsNeverExceedTheLimits() {
    Random random = new Random(20261121);
    List<TxnOp> ops = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int length = random.nextInt(10) == 0 ? random.nextInt(520 * 1024) : random.nextInt(20_000);
      ops.add(
          random.nextInt(8) == 0
              ? TxnOp.delete("fc/deleted-" + i, i)
              : TxnOp.write("fc/dir-" + i % 7 + "/file-" + i, new byte[length], 0x4643_01a4L, i));
    }
    Collections.shuffle(ops, random);

    List<TxnBatcher.Batch<TxnOp>> batches =
        TxnBatcher.batches(
            ops, op -> TxnJson.size(op, op.value() == null ? 0 : op.value().length), LIMITS);

    for (TxnBatcher.Batch<TxnOp> b : batches) {
      if (b.single()) {
        assertEquals(1, b.items().size());
        assertTrue(TxnJson.body(b.items()).length > LIMITS.maxRequestBytes());
      } else {
        assertTrue(b.items().size() <= LIMITS.maxOpsPerTxn());
        assertTrue(TxnJson.body(b.items()).length <= LIMITS.maxRequestBytes());
      }
    }
    assertEquals(ops.size(), batches.stream().mapToInt(b -> b.items().size()).sum());
    assertTrue(batches.stream().anyMatch(TxnBatcher.Batch::single), "the seed makes some singles");
  }
}
