package io.fileconsul.app;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.fileconsul.testing.ConsulStubs.kvNotFound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.core.ExitCode;
import io.fileconsul.sync.PathFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;

/**
 * A file edited after the scan and before its batch is sent is never pushed with the scan's hash:
 * the push stops with exit 3 naming it, and the record holds only what was sent. Two batches of
 * 128; the edit happens after the scan, before the files are read. (An edit after its file was read
 * is no change of the push: the bytes read are sent and recorded, and the next status shows the
 * edit as a local change.)
 */
class ChangedMidPushTest extends StubbedWorkspaceTest {
  private static final String EDITED = "f200.txt";

  @Test
  void aFreshFileChangedMidPushIsCaught() {
    List<List<String>> sent = pushEditingBeforeTheReads(ws, this::appendToEdited);

    assertEquals(1, sent.size(), "the second batch, with the edited file, is not sent");
    assertFalse(records().containsKey(EDITED));
  }

  /**
   * With the files settled (the snapshot 1 h later than their stamps), the push trusts a stamp
   * equal to the scan's instead of hashing again; an edit that keeps the size and puts the mtime
   * back still moves the ctime, so it is caught all the same.
   */
  @Test
  void aSettledFileEditedInPlaceWithItsMtimePutBackIsCaught() {
    Workspace later =
        new Workspace(
            store,
            new SyncSettings(tempDir, "fc", MAX_VALUE),
            state,
            Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));

    List<List<String>> sent = pushEditingBeforeTheReads(later, this::rewriteEditedKeepingMtime);

    assertEquals(1, sent.size());
    assertFalse(records().containsKey(EDITED));
  }

  @Test
  void unchangedSettledFilesAllGoOut() {
    Workspace later =
        new Workspace(
            store,
            new SyncSettings(tempDir, "fc", MAX_VALUE),
            state,
            Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
    for (int i = 0; i < 250; i++) {
      share.write(String.format("f%03d.txt", i), bytes("file " + i));
    }
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    TxnOnlyRemote remote = new TxnOnlyRemote();
    List<List<String>> sent = remote.sent;

    SyncResult r =
        pusher(later, remote).push(PathFilter.all(), new Pusher.Options(false, false, false));

    assertEquals(ExitCode.OK, r.exitCode());
    assertEquals(List.of(128, 122), sent.stream().map(List::size).toList());
    assertEquals(250, records().size());
    // New and settled, so the scan left them unhashed: the record has the hash of what was sent.
    assertEquals(DigestUtils.sha256Hex("file 7"), records().get("f007.txt").content().sha256());
  }

  private List<List<String>> pushEditingBeforeTheReads(Workspace w, Runnable edit) {
    for (int i = 0; i < 250; i++) {
      share.write(String.format("f%03d.txt", i), bytes("file " + i));
    }
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    TxnOnlyRemote remote = new TxnOnlyRemote(edit);
    List<List<String>> sent = remote.sent;

    SyncResult r =
        pusher(w, remote).push(PathFilter.all(), new Pusher.Options(false, false, false));

    assertEquals(ExitCode.CONFLICT, r.exitCode(), r.toString());
    String message = r.outcome().decisive().orElseThrow().message();
    assertTrue(message.contains(EDITED) && message.contains("changed while"), message);
    return sent;
  }

  private static Pusher pusher(Workspace w, TxnOnlyRemote remote) {
    return new Pusher(w, remote, "fc", MAX_VALUE, Progress.NONE);
  }

  private void appendToEdited() {
    try {
      Files.writeString(tempDir.resolve(EDITED), "file 200 and more");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void rewriteEditedKeepingMtime() {
    Path p = tempDir.resolve(EDITED);
    try {
      FileTime mtime = Files.getLastModifiedTime(p);
      Files.writeString(p, "FILE 200"); // the same size as "file 200"
      Files.setLastModifiedTime(p, mtime);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
