package io.fileconsul.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A push's batches: read one ahead, on another thread, in order, and never more than one. */
class ReadAheadTest {
  @Test
  void itemsArePreparedInOrderOnOneOtherThreadAtMostOneAhead() {
    List<Integer> items = List.of(0, 1, 2, 3, 4, 5, 6, 7);
    List<Integer> preparedOrder = new ArrayList<>(); // only the read-ahead thread appends
    AtomicInteger started = new AtomicInteger();
    List<String> threads = new ArrayList<>();
    String caller = Thread.currentThread().getName();
    try (ReadAhead<Integer, String> ahead =
        new ReadAhead<>(
            items,
            i -> {
              started.incrementAndGet();
              preparedOrder.add(i);
              threads.add(Thread.currentThread().getName());
              return "item " + i;
            })) {
      for (int i = 0; i < items.size(); i++) {
        assertEquals("item " + i, ahead.next());
        // item i is taken and i + 1 may be under way; i + 2 must not have started
        assertTrue(started.get() <= i + 2, "started " + started.get() + " after taking " + i);
      }
    }
    assertEquals(items, preparedOrder);
    assertEquals(1, threads.stream().distinct().count(), threads.toString());
    assertNotEquals(caller, threads.get(0));
  }

  @Test
  void aFailureReachesTheCallerAtTheItemThatFailedAsTheDirectCallWouldThrowIt() {
    FileconsulException unreadable = new FileconsulException(ExitCode.LOCAL_IO, "cannot read b");
    try (ReadAhead<String, String> ahead =
        new ReadAhead<>(
            List.of("a", "b", "c"),
            s -> {
              if (s.equals("b")) {
                throw unreadable;
              }
              return s;
            })) {
      assertEquals("a", ahead.next());
      assertSame(unreadable, assertThrows(FileconsulException.class, ahead::next));
    }
  }

  @Test
  void closingWaitsForTheItemReadAheadSoNoFileIsReadAfterTheLockIsReleased()
      throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    AtomicBoolean secondFinished = new AtomicBoolean();
    ReadAhead<Integer, Integer> ahead =
        new ReadAhead<>(
            List.of(1, 2),
            i -> {
              if (i == 2) {
                awaitQuietly(go);
                secondFinished.set(true);
              }
              return i;
            });
    assertEquals(1, ahead.next()); // item 2 is now read ahead, and waits for go
    go.countDown();
    ahead.close(); // the caller stops early: item 2 is dropped, but only once it has ended
    assertTrue(secondFinished.get());
  }

  @Test
  void anEmptyListPreparesNothing() {
    AtomicInteger calls = new AtomicInteger();
    try (ReadAhead<Integer, Integer> ahead =
        new ReadAhead<>(List.of(), i -> calls.incrementAndGet())) {
      assertThrows(IllegalStateException.class, ahead::next);
    }
    assertEquals(0, calls.get());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
