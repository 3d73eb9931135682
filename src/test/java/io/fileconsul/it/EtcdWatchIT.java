package io.fileconsul.it;

import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.testing.EtcdServer;
import io.fileconsul.testing.Launcher;
import io.fileconsul.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code fileconsul watch} on etcd: /v3/watch from the recorded revision + 1, and compaction. */
class EtcdWatchIT {
  @RegisterExtension static final EtcdServer ETCD = new EtcdServer();

  private static Launcher fileconsul() {
    return new Launcher(
        Map.of("FILECONSUL_BACKEND", "etcd", "ETCDCTL_ENDPOINTS", ETCD.member().address()));
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** Watch streams etcd has started: one per /v3/watch request through the gateway. */
  private static long watches() {
    return ETCD.member().metric("grpc_server_started_total", "grpc_service=\"etcdserverpb.Watch\"");
  }

  @Test
  void watchPullsAnotherClientsWritesAndStopsCleanlyOnSigterm(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    write(a, "a.txt", "one\n");
    assertEquals(0, fileconsul().run(a, "push", "--prefix", "w").exit());
    Launcher.Running watch = fileconsul().spawn(b, "watch", "--prefix", "w");
    try {
      Poll.until(
          Duration.ofSeconds(60), "the first pull", () -> read(b.resolve("a.txt")).equals("one\n"));
      ETCD.kv().put("w/a.txt", "two\n");
      ETCD.kv().put("w/new.txt", "new\n");
      Poll.until(
          Duration.ofSeconds(60), "the change", () -> read(b.resolve("new.txt")).equals("new\n"));
      assertEquals("two\n", read(b.resolve("a.txt")));
      watch.process().destroy(); // SIGTERM
      Launcher.Result r = watch.await(Duration.ofSeconds(30));
      assertEquals(0, r.exit(), r::toString);
    } finally {
      watch.kill();
    }
  }

  /**
   * A record older than the compaction: the watch from its revision + 1 is refused as compacted;
   * the watch must list again and go on from what etcd still has, not ask again at once forever.
   */
  @Test
  void aCompactedRevisionIsReListedAndNotAskedForAgain(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    write(a, "a.txt", "one\n");
    assertEquals(0, fileconsul().run(a, "push", "--prefix", "wc").exit());
    for (int i = 0; i < 20; i++) {
      ETCD.kv().put("noise/k" + i, "n" + i);
    }
    ETCD.kv().compactAll();
    long watchesBefore = watches();
    Launcher.Running watch = fileconsul().spawn(b, "watch", "--prefix", "wc");
    try {
      Poll.until(
          Duration.ofSeconds(60), "the first pull", () -> read(b.resolve("a.txt")).equals("one\n"));
      // one watch refused as compacted, then one from the oldest revision etcd has, waiting
      Poll.until(Duration.ofSeconds(30), "two watches", () -> watches() - watchesBefore >= 2);
      long settled = watches();
      for (int i = 0; i < 6; i++) { // a few seconds of other clients' reads: no write, no event
        assertEquals(0, fileconsul().run(a, "status", "--prefix", "wc").exit());
      }
      assertEquals(
          settled, watches(), "a watch was started again with no change: compaction busy loop");
      ETCD.kv().put("wc/after.txt", "after\n");
      Poll.until(
          Duration.ofSeconds(60),
          "the change after the compaction",
          () -> read(b.resolve("after.txt")).equals("after\n"));
      watch.process().destroy();
      Launcher.Result r = watch.await(Duration.ofSeconds(30));
      assertEquals(0, r.exit(), r::toString);
    } finally {
      watch.kill();
    }
  }
}
