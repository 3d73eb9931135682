package io.fileconsul.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Packing operations into /v1/txn requests: at most 64 ops and 512 KiB of body each. */
class TxnBatcherTest {
  private static final long KIB = 1024;

  /** A stand-in operation that only has a size. */
  private record Sized(String name, long size) {}

  @Test
  void noOperationsMakeNoBatches() {
    assertEquals(List.of(), TxnBatcher.batches(List.<Sized>of(), Sized::size));
  }

  @Test
  void aBatchHoldsAtMost64Operations() {
    List<Sized> ops = IntStream.range(0, 130).mapToObj(i -> new Sized("op" + i, 100)).toList();

    List<TxnBatcher.Batch<Sized>> batches = TxnBatcher.batches(ops, Sized::size);

    assertEquals(List.of(64, 64, 2), batches.stream().map(b -> b.items().size()).toList());
    assertTrue(batches.stream().noneMatch(TxnBatcher.Batch::single));
    assertEquals(ops, batches.stream().flatMap(b -> b.items().stream()).toList());
  }

  @Test
  void aBatchBodyStaysWithin512KiB() {
    List<Sized> ops = IntStream.range(0, 5).mapToObj(i -> new Sized("op" + i, 200 * KIB)).toList();

    List<TxnBatcher.Batch<Sized>> batches = TxnBatcher.batches(ops, Sized::size);

    assertEquals(List.of(2, 2, 1), batches.stream().map(b -> b.items().size()).toList());
  }

  @Test
  void aBodyOfExactly512KiBIsOneBatchAndOneByteMoreIsTwo() {
    long half = (TxnBatcher.MAX_BODY_BYTES - 2) / 2; // the brackets take two bytes
    List<Sized> exact = List.of(new Sized("a", half), new Sized("b", half));
    List<Sized> over = List.of(new Sized("a", half), new Sized("b", half + 1));

    assertEquals(1, TxnBatcher.batches(exact, Sized::size).size());
    assertEquals(2, TxnBatcher.batches(over, Sized::size).size());
  }

  @Test
  void anOperationTooLargeForAnyTransactionGoesAloneAndTheOthersStillBatch() {
    Sized small1 = new Sized("small1", 100);
    Sized huge = new Sized("huge", TxnBatcher.MAX_BODY_BYTES - 1);
    Sized small2 = new Sized("small2", 100);

    List<TxnBatcher.Batch<Sized>> batches =
        TxnBatcher.batches(List.of(small1, huge, small2), Sized::size);

    assertEquals(2, batches.size());
    List<TxnBatcher.Batch<Sized>> singles = batches.stream().filter(TxnBatcher.Batch::single).toList();
    List<TxnBatcher.Batch<Sized>> txns = batches.stream().filter(b -> !b.single()).toList();
    assertEquals(List.of(List.of(huge)), singles.stream().map(TxnBatcher.Batch::items).toList());
    assertEquals(List.of(List.of(small1, small2)), txns.stream().map(TxnBatcher.Batch::items).toList());
  }

  @Test
  void aFileOf384KiBIsTooLargeForATransactionButOneOf380KiBIsNot() {
    TxnOp op = TxnOp.write("fc/big.bin", new byte[0], 0x4643_01a4L, 0);

    assertTrue(TxnBatcher.opSize(op, 384 * KIB) + 2 > TxnBatcher.MAX_BODY_BYTES);
    assertFalse(TxnBatcher.opSize(op, 380 * KIB) + 2 > TxnBatcher.MAX_BODY_BYTES);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 1000})
  void opSizeIsTheExactBytesTheOpAddsToABody(int valueLength) {
    TxnOp write = TxnOp.write("fc/日本/\"quoted\" é", new byte[valueLength], 0x4643_01edL, 42);
    TxnOp delete = TxnOp.delete("fc/x", 7);

    long body = TxnJson.body(List.of(delete, write)).getBytes(StandardCharsets.UTF_8).length;

    assertEquals(2 + TxnBatcher.opSize(delete, 0) + TxnBatcher.opSize(write, valueLength) - 1,
        body, "brackets, both ops, and one comma");
  }

  @Test
  void realBodiesOfRandomOpsNeverExceedTheLimits() {
    Random random = new Random(20261121);
    List<TxnOp> ops = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int length = random.nextInt(10) == 0 ? random.nextInt(520 * 1024) : random.nextInt(20_000);
      ops.add(random.nextInt(8) == 0
          ? TxnOp.delete("fc/deleted-" + i, i)
          : TxnOp.write("fc/dir-" + i % 7 + "/file-" + i, new byte[length], 0x4643_01a4L, i));
    }
    Collections.shuffle(ops, random);

    List<TxnBatcher.Batch<TxnOp>> batches = TxnBatcher.batches(ops,
        op -> TxnBatcher.opSize(op, op.value() == null ? 0 : op.value().length));

    for (TxnBatcher.Batch<TxnOp> b : batches) {
      if (b.single()) {
        assertEquals(1, b.items().size());
        assertTrue(TxnJson.body(b.items()).length() > TxnBatcher.MAX_BODY_BYTES);
      } else {
        assertTrue(b.items().size() <= TxnBatcher.MAX_OPS);
        assertTrue(TxnJson.body(b.items()).getBytes(StandardCharsets.UTF_8).length
            <= TxnBatcher.MAX_BODY_BYTES);
      }
    }
    assertEquals(ops.size(), batches.stream().mapToInt(b -> b.items().size()).sum());
    assertTrue(batches.stream().anyMatch(TxnBatcher.Batch::single), "the seed makes some singles");
  }
}
