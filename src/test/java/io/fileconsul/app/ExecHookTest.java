package io.fileconsul.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.core.FileconsulException;
import io.fileconsul.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** watch --exec: a hung command is stopped, with what it started, on a timeout or on stop(). */
class ExecHookTest {
  private static final Duration GRACE = Duration.ofMillis(500);

  /** A hang guard, not a measurement: each run below ends in well under a second. */
  private static final Duration HANG = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void theChangedPathsArriveInTheEnvironmentAndOnStdin() throws Exception {
    Path env = dir.resolve("env");
    Path stdin = dir.resolve("stdin");
    ExecHook hook =
        new ExecHook(
            "printf '%s' \"$FILECONSUL_CHANGED\" > " + env + "; cat > " + stdin,
            Duration.ofSeconds(30),
            GRACE);

    assertEquals(0, hook.run(List.of("a.txt", "dir/b c.json")));

    assertEquals("a.txt\ndir/b c.json\n", Files.readString(env));
    assertEquals("a.txt\ndir/b c.json\n", Files.readString(stdin));
  }

  @Test
  void aListTooLongForTheEnvironmentGoesOnStdinOnly() throws Exception {
    Path env = dir.resolve("env");
    Path stdin = dir.resolve("stdin");
    List<String> many =
        java.util.stream.IntStream.range(0, 10_000).mapToObj(i -> "some/dir/file-" + i).toList();
    ExecHook hook =
        new ExecHook(
            "printf '%s' \"${FILECONSUL_CHANGED-unset}\" > " + env + "; cat > " + stdin,
            Duration.ofSeconds(30),
            GRACE);

    assertEquals(0, hook.run(many));

    assertEquals("unset", Files.readString(env));
    assertEquals(String.join("\n", many) + "\n", Files.readString(stdin));
  }

  @Test
  void theCommandsExitCodeComesBack() throws Exception {
    assertEquals(3, new ExecHook("exit 3", Duration.ofSeconds(30), GRACE).run(List.of()));
  }

  @Test
  void aCommandPastItsTimeoutIsStoppedWithItsChildren() throws Exception {
    ExecHook hook = new ExecHook(background("sleep 600"), Duration.ofMillis(300), GRACE);
    long start = System.nanoTime();

    FileconsulException e =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            HANG, () -> assertThrows(FileconsulException.class, () -> hook.run(List.of())));

    assertTrue(
        e.getMessage()
            .startsWith("--exec command ran past --exec-timeout 300ms and was" + " stopped;"),
        e.getMessage());
    assertGone(childPid());
  }

  @Test
  void aCommandIgnoringTermIsKilledAfterTheGracePeriod() throws Exception {
    // an ignored signal stays ignored across exec, so the sleep ignores TERM too
    ExecHook hook =
        new ExecHook("trap '' TERM; " + background("sleep 600"), Duration.ofMillis(300), GRACE);
    long start = System.nanoTime();

    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        HANG, () -> assertThrows(FileconsulException.class, () -> hook.run(List.of())));

    assertGone(childPid());
    assertTrue(elapsedMs(start) >= 300 + GRACE.toMillis(), "KILL came before the grace period");
  }

  @Test
  void stopEndsARunningCommandAtOnceAndNoneStartsAfter() throws Exception {
    // KILL would come only after a minute: ending within the wait below means TERM alone did it.
    ExecHook hook =
        new ExecHook(background("sleep 600"), Duration.ofHours(1), Duration.ofMinutes(1));
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return hook.run(List.of());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Poll.until(
        Duration.ofSeconds(10), "the command to start", () -> Files.exists(dir.resolve("pid")));

    hook.stop();

    run.get(30, TimeUnit.SECONDS);
    assertGone(childPid());
    Files.delete(dir.resolve("pid"));
    assertEquals(0, hook.run(List.of()));
    assertTrue(!Files.exists(dir.resolve("pid")), "a command started after stop()");
  }

  /** Runs CMD in the background of the shell, writes its pid, and waits for it. */
  private String background(String cmd) {
    return cmd
        + " & echo $! > '"
        + dir.resolve("pid.tmp")
        + "'; mv '"
        + dir.resolve("pid.tmp")
        + "' '"
        + dir.resolve("pid")
        + "'; wait";
  }

  private long childPid() throws Exception {
    return Long.parseLong(Files.readString(dir.resolve("pid")).trim());
  }

  private static void assertGone(long pid) {
    Poll.until(
        Duration.ofSeconds(5),
        "process " + pid + " to end",
        () -> ProcessHandle.of(pid).map(ExecHook::ended).orElse(true));
  }

  private static long elapsedMs(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
