package io.fileconsul.app;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.fileconsul.testing.ConsulStubs.array;
import static io.fileconsul.testing.ConsulStubs.entry;
import static io.fileconsul.testing.ConsulStubs.kvRead;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.fileconsul.core.ExitCode;
import io.fileconsul.fs.LocalTree;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.PathFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * From Puller.STAGE_FROM files, a pull stages every file, makes them all durable with one call and
 * only then places them: no file is in place before that call, and one that could not be made
 * durable is reported, never placed and never recorded, while the others are.
 */
class StagedPullTest extends StubbedWorkspaceTest {
  private static final int FILES = Puller.STAGE_FROM;

  @Test
  void manyFilesAreStagedMadeDurableOnceThenPlacedAndRecorded() throws IOException {
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvRead(listing(), 90)));
    Recording tree = new Recording(LocalWriter.over(new LocalTree(tempDir)), Optional.empty());

    SyncResult r =
        new Puller(ws, tree, "fc", Progress.NONE)
            .pull(PathFilter.all(), new Puller.Options(false, false));

    assertEquals(ExitCode.OK, r.exitCode());
    assertEquals(List.of(FILES), tree.durableCalls, "one durable call for all files");
    assertEquals(0, tree.placedBeforeDurable, "nothing placed before its bytes were durable");
    assertEquals(FILES, records().size());
    for (int i = 0; i < FILES; i++) {
      assertEquals("value " + i, Files.readString(tempDir.resolve("d" + i % 5 + "/f" + i)));
      assertEquals(10L + i, records().get("d" + i % 5 + "/f" + i).modifyIndex());
    }
  }

  @Test
  void aFileThatCannotBeMadeDurableIsReportedAndNeitherPlacedNorRecorded() throws IOException {
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvRead(listing(), 90)));
    Recording tree = new Recording(LocalWriter.over(new LocalTree(tempDir)), Optional.of("d3/f3"));

    SyncResult r =
        new Puller(ws, tree, "fc", Progress.NONE)
            .pull(PathFilter.all(), new Puller.Options(false, false));

    assertEquals(ExitCode.LOCAL_IO, r.exitCode());
    String message = r.failures().get(0).message();
    assertTrue(message.contains("d3/f3 (disk on fire)"), message);
    assertEquals(FILES - 1, records().size());
    assertFalse(records().containsKey("d3/f3"));
    assertFalse(Files.exists(tempDir.resolve("d3/f3")), "never placed");
    assertEquals("value 4", Files.readString(tempDir.resolve("d4/f4")));
  }

  /**
   * The file is checked again just before its rename: one written locally while the others were
   * staged and synced is left as it is and reported as a conflict, and its staged temp is removed.
   */
  @Test
  void aFileWrittenLocallyWhileThePullStagedIsLeftAloneAsAConflict() throws IOException {
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvRead(listing(), 90)));
    Recording tree = new Recording(LocalWriter.over(new LocalTree(tempDir)), Optional.empty());
    tree.beforeDurable = () -> share.write("d2/f2", bytes("written here meanwhile"));

    SyncResult r =
        new Puller(ws, tree, "fc", Progress.NONE)
            .pull(PathFilter.all(), new Puller.Options(false, false));

    assertEquals(ExitCode.CONFLICT, r.exitCode());
    assertEquals(List.of("d2/f2"), r.conflicts().stream().map(c -> c.path()).toList());
    assertEquals("written here meanwhile", Files.readString(tempDir.resolve("d2/f2")));
    assertFalse(records().containsKey("d2/f2"));
    assertEquals(FILES - 1, records().size());
  }

  private static String listing() {
    List<JsonObject> entries = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      entries.add(entry("fc/d" + i % 5 + "/f" + i, bytes("value " + i), MODE_0644, 10 + i));
    }
    return array(entries);
  }

  /** The real share-directory writer, counting its durable calls, failing one file's if asked. */
  private static final class Recording implements LocalWriter {
    private final LocalWriter real;
    private final Optional<String> failing;
    final List<Integer> durableCalls = new ArrayList<>();
    int placedBeforeDurable;
    Runnable beforeDurable = () -> {};

    Recording(LocalWriter real, Optional<String> failing) {
      this.real = real;
      this.failing = failing;
    }

    @Override
    public boolean syncsAtOnce(int files) {
      return true;
    }

    @Override
    public Staged stage(String path, byte[] data, int mode, String sha256) throws IOException {
      return real.stage(path, data, mode, sha256);
    }

    @Override
    public synchronized Map<Staged, IOException> durable(List<Staged> staged) {
      durableCalls.add(staged.size());
      beforeDurable.run();
      Map<Staged, IOException> lost = new HashMap<>(real.durable(staged));
      for (Staged s : staged) {
        if (failing.equals(Optional.of(((OnDisk) s).file().path()))) {
          real.discard(s); // as the real one does with a file it could not make durable
          lost.put(s, new IOException("disk on fire"));
        }
      }
      return lost;
    }

    @Override
    public synchronized LocalFile place(Staged staged) throws IOException {
      if (durableCalls.isEmpty()) {
        placedBeforeDurable++;
      }
      return real.place(staged);
    }

    @Override
    public void discard(Staged staged) {
      real.discard(staged);
    }

    @Override
    public LocalFile write(String path, byte[] data, int mode, String sha256) throws IOException {
      return real.write(path, data, mode, sha256);
    }

    @Override
    public void flush() throws IOException {
      real.flush();
    }

    @Override
    public void delete(String path) throws IOException {
      real.delete(path);
    }

    @Override
    public void removeLeftover(Path leftover) throws IOException {
      real.removeLeftover(leftover);
    }

    @Override
    public Optional<LocalTree.Stat> stat(String path) throws IOException {
      return real.stat(path);
    }
  }
}
