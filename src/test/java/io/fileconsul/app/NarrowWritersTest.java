package io.fileconsul.app;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.fileconsul.testing.ConsulStubs.array;
import static io.fileconsul.testing.ConsulStubs.entry;
import static io.fileconsul.testing.ConsulStubs.kvNotFound;
import static io.fileconsul.testing.ConsulStubs.kvRead;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.core.ExitCode;
import io.fileconsul.fs.LocalTree;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.PathFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;

/**
 * Pusher writes to the store only through its RemoteWriter, Puller to the share directory only
 * through its LocalWriter: with those replaced, the stubbed Consul (which fails on any request it
 * was not told of) sees no write, and the share directory gets no file.
 */
class NarrowWritersTest extends StubbedWorkspaceTest {
  @Test
  void aPushWritesThroughItsRemoteWriterAndRecordsTheIndexesItReturns() {
    share.write("a.txt", bytes("a"));
    share.write("b.txt", bytes("b"));
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    TxnOnlyRemote remote = new TxnOnlyRemote();
    List<List<String>> txns = remote.sent;

    SyncResult r =
        new Pusher(ws, remote, "fc", MAX_VALUE, Progress.NONE)
            .push(PathFilter.all(), new Pusher.Options(false, false, false));

    assertEquals(ExitCode.OK, r.exitCode());
    assertEquals(List.of(List.of("fc/a.txt", "fc/b.txt")), txns);
    assertEquals(List.of(), consul.findAll(anyRequestedFor(urlEqualTo("/v1/txn"))));
    assertEquals(40L, records().get("a.txt").modifyIndex());
    assertEquals(41L, records().get("b.txt").modifyIndex());
  }

  @Test
  void aPullWritesThroughItsLocalWriterAndRecordsWhatItReturns() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .willReturn(kvRead(array(entry("fc/a.txt", bytes("new"), MODE_0644, 11)), 11)));
    Map<String, String> written = new HashMap<>();
    List<String> recordedAtFlush = new ArrayList<>();
    LocalWriter tree =
        new LocalWriter() {
          @Override
          public LocalFile write(String path, byte[] data, int mode, String sha256) {
            written.put(
                path, new String(data, StandardCharsets.UTF_8) + " " + Integer.toOctalString(mode));
            assertEquals(
                DigestUtils.sha256Hex(data), sha256, "the listing's hash, not hashed again");
            return new LocalFile(
                path, new Content(DigestUtils.sha256Hex(data), data.length, mode), 7);
          }

          @Override
          public void flush() {
            recordedAtFlush.addAll(records().keySet());
            written.put("(flushed)", "");
          }

          @Override
          public void delete(String path) {
            throw new AssertionError("nothing is deleted");
          }

          @Override
          public void removeLeftover(Path leftover) {
            throw new AssertionError("nothing was left over");
          }

          @Override
          public Optional<LocalTree.Stat> stat(String path) {
            return Optional.empty(); // as scanned: not there
          }
        };

    SyncResult r =
        new Puller(ws, tree, "fc", Progress.NONE)
            .pull(PathFilter.all(), new Puller.Options(false, false));

    assertEquals(ExitCode.OK, r.exitCode());
    assertEquals(Map.of("a.txt", "new 644", "(flushed)", ""), written);
    assertEquals(List.of(), recordedAtFlush, "the record claims the write only after the flush");
    assertEquals(Map.of(), share.hashes());
    assertEquals(11L, records().get("a.txt").modifyIndex());
    assertEquals(7L, records().get("a.txt").mtimeNanos());
  }
}
