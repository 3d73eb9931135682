package io.fileconsul.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.Outcome;
import io.fileconsul.core.Problem;
import io.fileconsul.state.StateStore;
import io.fileconsul.store.KvEntry;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.KvValue;
import io.fileconsul.store.Listing;
import io.fileconsul.store.TxnOp;
import io.fileconsul.sync.ModeFlags;
import io.fileconsul.sync.PathFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch loop against scripted blocking-query answers and a fake clock: nothing sleeps. */
class WatcherTest {
  @TempDir Path dir;

  private final List<Long> askedIndexes = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private final Deque<Supplier<Listing>> answers = new ArrayDeque<>();
  private final FakeClock clock = new FakeClock();
  private final List<Duration> slept = new ArrayList<>();
  private Listing current = new Listing(List.of(), Map.of(), 1);
  private boolean scriptDone;
  private final List<Duration> waits = new ArrayList<>();
  private final List<Map<String, KvStore.Known>> knowns = new ArrayList<>();
  private Watcher.Options options = new Watcher.Options(Duration.ofMinutes(5), false, false);
  private WatchMetrics metrics = WatchMetrics.NONE;

  @Test
  void pullsOnEveryRealChangeAndResetsAnIndexThatGoesBackwards() throws Exception {
    answers.add(() -> listing(5, "v1"));
    answers.add(() -> listing(5, "v1")); // a blocking query that timed out: same index
    answers.add(() -> listing(9, "v2"));
    answers.add(() -> listing(3, "v2")); // snapshot restore: the index went backwards
    answers.add(() -> listing(4, "v3"));

    run(Optional.empty());

    assertEquals(List.of(0L, 5L, 5L, 9L, 0L), askedIndexes);
    assertEquals(List.of("pulled 1", "pulled 1", "pulled 0", "pulled 1"), events);
    assertEquals("v3", Files.readString(dir.resolve("a.txt")));
  }

  @Test
  void eachQueryTellsTheStoreWhatTheRecordSyncedSoThoseValuesAreNotDecodedAgain() throws Exception {
    answers.add(() -> listing(5, "v1"));
    answers.add(() -> listing(9, "v2"));

    run(Optional.empty());

    assertEquals(Map.of(), knowns.get(0), "nothing synced before the first query");
    assertEquals(
        Map.of("fc/a.txt", new KvStore.Known(5, DigestUtils.sha256Hex("v1"), 2)), knowns.get(1));
    assertEquals("v2", Files.readString(dir.resolve("a.txt")));
  }

  @Test
  void anIndexBelowOneIsRaisedSoTheQueryBlocks() throws Exception {
    answers.add(() -> listing(0, "v1"));
    answers.add(() -> listing(0, "v1"));

    run(Optional.empty());

    assertEquals(List.of(0L, 1L), askedIndexes);
  }

  @Test
  void anOutageIsReportedOnceAndRetriedWithCappedBackoff() throws Exception {
    for (int i = 0; i < 9; i++) {
      answers.add(
          () -> {
            throw new FileconsulException(ExitCode.UNAVAILABLE, "cannot reach Consul");
          });
    }
    answers.add(() -> listing(7, "v1"));

    run(Optional.empty());

    assertEquals(
        List.of("outage: cannot reach Consul", "outage over after 243s", "pulled 1"), events);
    assertEquals(
        List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L),
        slept.stream().map(Duration::toSeconds).toList());
  }

  @Test
  void queriesAreRateLimitedAfterABurst() throws Exception {
    for (int i = 1; i <= 6; i++) {
      long index = i;
      answers.add(() -> listing(index, "v1"));
    }

    run(Optional.empty());

    // answers come back at once (churn): a burst of 3 goes, then each query waits for a token;
    // the 7th query is the one that finds the script finished
    assertEquals(
        List.of(1000L, 1000L, 1000L, 1000L), slept.stream().map(Duration::toMillis).toList());
  }

  @Test
  void aPullThatFailedIsRetriedAfterABackoffNotLeftUntilTheNextChange() throws Exception {
    answers.add(() -> listing(5, "v1"));
    answers.add(
        () -> new Listing(List.of(), Map.of(), 9)); // emptied: the mass-delete guard refuses
    answers.add(() -> listing(10, "v1")); // restored

    run(Optional.empty());

    assertEquals(List.of(0L, 5L, 0L), askedIndexes);
    assertEquals("pulled 1", events.get(0));
    assertEquals(true, events.get(1).startsWith("failed: pull would delete 1 of 1 tracked files"));
    assertEquals("pulled 0", events.get(2));
    assertEquals(List.of(1000L), slept.stream().map(Duration::toMillis).toList());
  }

  @Test
  void aConflictIsWordedAsPullWordsItAndReportedOnceNotOnEveryRetry() throws Exception {
    answers.add(() -> listing(5, "v1"));
    answers.add(
        () -> {
          try {
            Files.writeString(dir.resolve("a.txt"), "edited here\n");
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return listing(9, "v2");
        });
    answers.add(() -> listing(9, "v2")); // the retry at index 0 meets the same conflict

    run(Optional.empty());

    assertEquals(
        List.of(
            "pulled 1",
            "pulled 0",
            "failed: 1 path(s) changed on both sides were"
                + " left alone: a.txt; compare with 'fileconsul diff', then 'fileconsul pull --force' to"
                + " keep the remote version",
            "pulled 0"),
        events);
    assertEquals(List.of(0L, 5L, 0L), askedIndexes);
    assertEquals("edited here\n", Files.readString(dir.resolve("a.txt")));
  }

  @Test
  void theExecHookRunsOnlyAfterPullsThatChangedFiles() throws Exception {
    answers.add(() -> listing(5, "v1"));
    answers.add(() -> listing(6, "v1")); // index moved, content did not
    answers.add(() -> listing(8, "v2"));

    run(
        Optional.of(
            changed -> {
              events.add("hook " + changed);
              return 0;
            }));

    assertEquals(
        List.of("pulled 1", "hook [a.txt]", "pulled 0", "pulled 1", "hook [a.txt]"), events);
  }

  @Test
  void fiveWritesInQuickSuccessionGiveOnePullOnceTheyHaveSettled() throws Exception {
    answers.add(() -> listing(1, "v0"));
    for (int i = 1; i <= 5; i++) {
      long index = 1 + i;
      String v = "v" + i;
      answers.add(() -> later(Duration.ofMillis(300), listing(index, v)));
    }
    answers.add(() -> later(waits.get(waits.size() - 1), current)); // quiet for the whole wait
    options = quiet(Duration.ofSeconds(2), Duration.ofSeconds(20));

    run(
        Optional.of(
            changed -> {
              events.add("hook " + Files.readString(dir.resolve("a.txt")));
              return 0;
            }));

    assertEquals(List.of("pulled 1", "hook v0", "pulled 1", "hook v5"), events);
    // each query of the quiet period waits only for what is left of it
    assertEquals(
        true, waits.stream().skip(2).allMatch(w -> w.toMillis() <= 2000), waits.toString());
  }

  @Test
  void writesThatNeverSettlePullAtMaxAfterTheFirst() throws Exception {
    answers.add(() -> listing(1, "v0"));
    for (int i = 1; i <= 10; i++) {
      long index = 1 + i;
      String v = "v" + i;
      answers.add(() -> later(Duration.ofSeconds(1), listing(index, v)));
    }
    options = quiet(Duration.ofSeconds(2), Duration.ofSeconds(5));

    run(Optional.empty());

    // v1 came at 1s, one a second after it: at 6s the 5s cap pulls v6, though v7 is a second away
    assertEquals(List.of("pulled 1", "pulled 1"), events);
    assertEquals("v6", Files.readString(dir.resolve("a.txt")));
  }

  @Test
  void theLoopCountsSyncsRequestsAndFilesAndTurnsUnhealthyInAnOutage() throws Exception {
    MetricsRegistry registry = new MetricsRegistry(clock);
    metrics = registry;
    answers.add(() -> listing(5, "v1"));
    answers.add(
        () -> {
          throw new FileconsulException(ExitCode.UNAVAILABLE, "cannot reach Consul");
        });
    answers.add(
        () -> {
          assertEquals(
              Optional.of("backend unreachable: cannot reach Consul"), registry.unhealthy());
          return listing(9, "v2");
        });

    run(Optional.empty());

    String text = registry.render();
    assertEquals(Optional.empty(), registry.unhealthy());
    for (String line :
        List.of(
            "fileconsul_syncs_total{outcome=\"ok\"} 2",
            "fileconsul_files_written_total 2",
            "fileconsul_remote_index 9",
            "fileconsul_requests_total{operation=\"watch\",outcome=\"error\"} 1",
            "fileconsul_up 1")) {
      assertEquals(true, text.contains(line + "\n"), line + " in\n" + text);
    }
  }

  private Listing later(Duration d, Listing l) {
    clock.advance(d);
    return l;
  }

  private static Watcher.Options quiet(Duration min, Duration max) {
    return new Watcher.Options(Duration.ofMinutes(5), false, false, min, max);
  }

  private void run(Optional<Watcher.Hook> hook) throws InterruptedException {
    KvStore store = new CountingStore(new ScriptedStore(), metrics);
    Workspace ws =
        new Workspace(
            store,
            new SyncSettings(dir, "fc", 524288),
            new StateStore(dir, "test store", "fc", "http://test"),
            clock);
    Pacer pacer =
        new Pacer(
            clock,
            d -> {
              slept.add(d);
              clock.advance(d);
            },
            3,
            Duration.ofSeconds(1),
            Duration.ofSeconds(60));
    Watcher watcher =
        new Watcher(
            ws,
            new Puller(ws, Progress.NONE),
            pacer,
            clock,
            new Watcher.Listener() {
              @Override
              public void pulled(SyncResult r) {
                events.add("pulled " + r.applied().size());
              }

              @Override
              public void failed(Outcome outcome) {
                events.add(
                    "failed: "
                        + String.join(
                            " | ",
                            outcome.inReportOrder().stream().map(Problem::message).toList()));
              }

              @Override
              public void outageStarted(FileconsulException e) {
                events.add("outage: " + e.getMessage());
              }

              @Override
              public void outageEnded(Duration length) {
                events.add("outage over after " + length.toSeconds() + "s");
              }

              @Override
              public void hookExited(int exitCode) {}
            },
            hook,
            metrics,
            PullGate.none(clock));
    watcher.run(PathFilter.all(), options, () -> scriptDone);
  }

  private static Listing listing(long index, String content) {
    byte[] v = content.getBytes(StandardCharsets.UTF_8);
    return new Listing(
        List.of(
            new KvEntry(
                "fc/a.txt", ModeFlags.encode(0644), index, DigestUtils.sha256Hex(v), v.length)),
        Map.of("fc/a.txt", v),
        index);
  }

  /**
   * Answers blocking queries from the script, at once (no fake time passes). When the script is
   * used up it answers "no change" and ends the run.
   */
  private final class ScriptedStore implements KvStore {
    @Override
    public Listing watch(
        String prefix, long index, Duration wait, boolean stale, Map<String, Known> known) {
      knowns.add(known);
      return watch(prefix, index, wait, stale);
    }

    @Override
    public Listing watch(String prefix, long index, Duration wait, boolean stale) {
      if (answers.isEmpty()) {
        scriptDone = true;
        return new Listing(current.entries(), current.values(), index);
      }
      askedIndexes.add(index);
      waits.add(wait);
      current = answers.removeFirst().get();
      return current;
    }

    @Override
    public Listing list(String prefix) {
      return current; // a plain read sees what the last blocking query saw
    }

    @Override
    public Optional<KvValue> get(String key) {
      throw new AssertionError("values are all in the listing");
    }

    @Override
    public Map<String, Long> txn(List<TxnOp> ops) {
      throw new AssertionError("watch never writes to Consul");
    }

    @Override
    public boolean putCas(String key, byte[] value, long flags, long cas) {
      throw new AssertionError("watch never writes to Consul");
    }

    @Override
    public String describe() {
      return "http://test";
    }

    @Override
    public String identity() {
      return "test store";
    }

    @Override
    public io.fileconsul.store.StoreLimits limits() {
      return io.fileconsul.consul.ConsulKvStore.LIMITS;
    }

    @Override
    public io.fileconsul.store.KeyListing keys(String prefix) {
      // what a plain read sees, as list() does
      return new io.fileconsul.store.KeyListing(
          current.entries().stream().map(e -> e.key()).toList(), current.index());
    }

    @Override
    public long prefixIndex(String prefix) {
      throw new UnsupportedOperationException("watch never pushes");
    }

    @Override
    public void close() {}
  }

  /** A clock that moves only when told. */
  static final class FakeClock extends Clock {
    private Instant now = Instant.parse("2026-11-21T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
