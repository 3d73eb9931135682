package io.fileconsul.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Packing operations into transactions: here 64 ops and 512 KiB of body each, as Consul before
 * 1.14.
 */
class TxnBatcherTest {
  private static final long KIB = 1024;
  private static final StoreLimits LIMITS =
      new StoreLimits(512 * KIB, 64, 512 * KIB, (op, length) -> length);

  /** A stand-in operation that only has a size. */
  private record Sized(String name, long size) {}

  @Test
  void noOperationsMakeNoBatches() {
    assertEquals(List.of(), TxnBatcher.batches(List.<Sized>of(), Sized::size, LIMITS));
  }

  @Test
  void aBatchHoldsAtMost64Operations() {
    List<Sized> ops = IntStream.range(0, 130).mapToObj(i -> new Sized("op" + i, 100)).toList();

    List<TxnBatcher.Batch<Sized>> batches = TxnBatcher.batches(ops, Sized::size, LIMITS);

    assertEquals(List.of(64, 64, 2), batches.stream().map(b -> b.items().size()).toList());
    assertTrue(batches.stream().noneMatch(TxnBatcher.Batch::single));
    assertEquals(ops, batches.stream().flatMap(b -> b.items().stream()).toList());
  }

  @Test
  void aStoreThatTakes128OperationsGetsBatchesOf128() {
    List<Sized> ops = IntStream.range(0, 300).mapToObj(i -> new Sized("op" + i, 100)).toList();

    List<TxnBatcher.Batch<Sized>> batches =
        TxnBatcher.batches(ops, Sized::size, LIMITS.withMaxOpsPerTxn(128));

    assertEquals(List.of(128, 128, 44), batches.stream().map(b -> b.items().size()).toList());
  }

  @Test
  void aBatchBodyStaysWithin512KiB() {
    List<Sized> ops = IntStream.range(0, 5).mapToObj(i -> new Sized("op" + i, 200 * KIB)).toList();

    List<TxnBatcher.Batch<Sized>> batches = TxnBatcher.batches(ops, Sized::size, LIMITS);

    assertEquals(List.of(2, 2, 1), batches.stream().map(b -> b.items().size()).toList());
  }

  @Test
  void aBodyOfExactly512KiBIsOneBatchAndOneByteMoreIsTwo() {
    long half = (LIMITS.maxRequestBytes() - 2) / 2; // the brackets take two bytes
    List<Sized> exact = List.of(new Sized("a", half), new Sized("b", half));
    List<Sized> over = List.of(new Sized("a", half), new Sized("b", half + 1));

    assertEquals(1, TxnBatcher.batches(exact, Sized::size, LIMITS).size());
    assertEquals(2, TxnBatcher.batches(over, Sized::size, LIMITS).size());
  }

  @Test
  void anOperationTooLargeForAnyTransactionGoesAloneAndTheOthersStillBatch() {
    Sized small1 = new Sized("small1", 100);
    Sized huge = new Sized("huge", LIMITS.maxRequestBytes() - 1);
    Sized small2 = new Sized("small2", 100);

    List<TxnBatcher.Batch<Sized>> batches =
        TxnBatcher.batches(List.of(small1, huge, small2), Sized::size, LIMITS);

    assertEquals(2, batches.size());
    List<TxnBatcher.Batch<Sized>> singles =
        batches.stream().filter(TxnBatcher.Batch::single).toList();
    List<TxnBatcher.Batch<Sized>> txns = batches.stream().filter(b -> !b.single()).toList();
    assertEquals(List.of(List.of(huge)), singles.stream().map(TxnBatcher.Batch::items).toList());
    assertEquals(
        List.of(List.of(small1, small2)), txns.stream().map(TxnBatcher.Batch::items).toList());
  }
}
