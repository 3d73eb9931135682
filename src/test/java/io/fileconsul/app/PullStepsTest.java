package io.fileconsul.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.app.PullSteps.Step;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.sync.Action;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.RemoteEntry;
import io.fileconsul.sync.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The order a pull's changes are applied in, and what a stop does to the writes after it. */
class PullStepsTest {
  @Test
  void deletesComeFirstOneAtATimeThenTheWritesOnSeveralThreadsInPlanOrder() {
    List<Change> plan = new ArrayList<>();
    plan.add(delete("d/x"));
    plan.add(delete("e"));
    for (int i = 0; i < 40; i++) {
      plan.add(write("w" + i));
    }
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    Set<String> writerThreads = ConcurrentHashMap.newKeySet();
    String caller = Thread.currentThread().getName();
    // Eight writes wait for each other: on one thread this would never end.
    CountDownLatch together = new CountDownLatch(PullSteps.WRITERS);

    List<Step> steps =
        PullSteps.run(
            plan,
            c -> {
              if (c.remoteEntry().isEmpty()) {
                assertEquals(caller, Thread.currentThread().getName(), "a delete on the caller");
                assertTrue(order.stream().allMatch(p -> !p.startsWith("w")), "deletes first");
              } else {
                writerThreads.add(
                    Thread.currentThread().getName() + "@" + Thread.currentThread().getId());
                together.countDown();
                await(together);
              }
              order.add(c.path());
              return Step.applied(c, null);
            });

    assertEquals(
        plan.stream().map(Change::path).toList(),
        steps.stream().map(s -> s.change().path()).toList());
    assertEquals(List.of("d/x", "e"), order.subList(0, 2));
    assertEquals(PullSteps.WRITERS, writerThreads.size(), "writes ran on " + writerThreads);
  }

  @Test
  void afterTheStoreWentAwayNoWriteStartsAndThoseThatRanAreReturned() {
    List<Change> plan = new ArrayList<>();
    // Many: all of them starting would need w3's thread to stall, between its step and the stop
    // flag, for as long as the other seven take to run about 20,000 steps. With 2,000 it happened
    // once, in a full test run on 2 cores beside the symlink-race tests' busy loops.
    for (int i = 0; i < 20_000; i++) {
      plan.add(write("w" + i));
    }
    Set<String> started = ConcurrentHashMap.newKeySet();

    List<Step> steps =
        PullSteps.run(
            plan,
            c -> {
              started.add(c.path());
              if (c.path().equals("w3")) {
                return Step.stopped(c, new FileconsulException(ExitCode.UNAVAILABLE, "gone"));
              }
              return Step.applied(c, null);
            });

    assertTrue(started.size() < 20_000, "writes went on after the stop: " + started.size());
    assertEquals(started.size(), steps.size(), "every step that ran is returned");
    assertEquals(1, steps.stream().filter(s -> s.kind() == Step.Kind.STOPPED).count());
  }

  @Test
  void aDeleteThatMeetsAGoneStoreEndsThePullBeforeAnyWrite() {
    List<Change> plan = List.of(delete("a"), delete("b"), write("c"));
    List<Step> steps =
        PullSteps.run(
            plan,
            c ->
                c.path().equals("a")
                    ? Step.stopped(c, new FileconsulException(ExitCode.UNAVAILABLE, "gone"))
                    : Step.applied(c, null));
    assertEquals(List.of("a"), steps.stream().map(s -> s.change().path()).toList());
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS), "the writers did not run at once");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static Change delete(String path) {
    return new Change(
        path,
        Side.UNCHANGED,
        Side.DELETED,
        Action.PULL,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static Change write(String path) {
    RemoteEntry e = new RemoteEntry(path, "fc/" + path, new Content("00", 1, 0644), 7, 0);
    return new Change(
        path,
        Side.UNCHANGED,
        Side.ADDED,
        Action.PULL,
        Optional.empty(),
        Optional.of(e),
        Optional.empty());
  }
}
