package io.fileconsul.app;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.LocalErrors;
import io.fileconsul.fs.LocalTree;
import io.fileconsul.store.KvValue;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.LocalFile;
import io.fileconsul.sync.ModeFlags;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * pull and watch --check: the tree as the pull would leave it is written into a staging directory
 * beside the share directory (the same file system, written as a pull writes, through directory
 * handles), the command runs on it, and the pull goes ahead only if it exits 0. Runs under the
 * share directory's lock, so a staging directory found from an earlier run is a killed run's and is
 * removed.
 */
final class StagedCheck implements Puller.Check {
  private static final String MARK = ".fileconsul-check-";
  private final Workspace ws;
  private final String command;
  private final Duration timeout;
  private final WatchMetrics metrics;
  private ExecHook running; // guarded by this
  private boolean stopped; // guarded by this

  StagedCheck(Workspace ws, String command, Duration timeout, WatchMetrics metrics) {
    this.ws = ws;
    this.command = command;
    this.timeout = timeout;
    this.metrics = metrics;
  }

  /** The staging directories of this share directory are named after it, hidden. */
  static String stagingPrefix(Path basepath) {
    return "." + basepath.getFileName() + MARK;
  }

  @Override
  public void verify(Snapshot snap, List<Change> selected) {
    Path base = ws.settings().basepath().toAbsolutePath().normalize();
    removeLeftovers(base);
    Path staging = base.resolveSibling(stagingPrefix(base) + UUID.randomUUID());
    int exit;
    try {
      Files.createDirectory(staging);
      build(snap, selected, new LocalTree(staging));
      String cmd = command.replace("{}", "'" + staging.toString().replace("'", "'\\''") + "'");
      ExecHook hook = new ExecHook(cmd, timeout, Duration.ofSeconds(5));
      synchronized (this) {
        if (stopped) {
          hook.stop(); // shutting down: it starts nothing
        }
        running = hook;
      }
      exit = hook.run(selected.stream().map(Change::path).toList());
    } catch (FileconsulException e) {
      metrics.checkRun("refused");
      throw new Refused(
          "--check command ran past --check-timeout "
              + timeout.toMillis()
              + "ms and was stopped, so nothing was changed; make it finish sooner or raise"
              + " --check-timeout");
    } catch (IOException e) {
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "cannot stage the tree for --check in "
              + staging
              + ": "
              + LocalErrors.describe(e)
              + "; the directory beside the share directory must be writable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FileconsulException(ExitCode.INTERNAL, "interrupted while --check ran");
    } finally {
      delete(staging);
    }
    synchronized (this) {
      if (stopped) {
        // a command TERMed by the stop may exit 0, or was never started: neither is a yes
        throw new Refused("--check command was stopped by a signal, so nothing was changed");
      }
    }
    if (exit != 0) {
      metrics.checkRun("refused");
      throw new Refused(
          "--check command exited "
              + exit
              + " on the tree at remote index "
              + snap.listing().index()
              + ", so nothing was changed; fix the change in the store (the next"
              + " change is checked again)");
    }
    metrics.checkRun("passed");
  }

  /** Stops a running command, as a SIGTERM stops --exec's; none starts after this. */
  @Override
  public void stop() {
    ExecHook hook;
    synchronized (this) {
      stopped = true;
      hook = running;
    }
    if (hook != null) {
      hook.stop();
    }
  }

  /** A check that said no: the watch waits for the next change instead of retrying this one. */
  static final class Refused extends FileconsulException {
    Refused(String message) {
      super(ExitCode.REFUSED, message);
    }
  }

  /** The local files the pull keeps, then the remote values it writes. */
  private void build(Snapshot snap, List<Change> selected, LocalTree staging) throws IOException {
    Set<String> pulled = new HashSet<>();
    for (Change c : selected) {
      pulled.add(c.path());
      if (c.remoteEntry().isPresent()) {
        Optional<KvValue> v = ws.remoteValue(snap, c.remoteEntry().get());
        if (v.isPresent()) {
          staging.write(c.path(), v.get().value(), ModeFlags.decode(v.get().flags()));
        }
      }
    }
    for (Change c : snap.plan().changes()) {
      Optional<LocalFile> f = c.localFile().filter(l -> !l.content().special());
      if (f.isPresent() && !pulled.contains(c.path())) {
        staging.write(c.path(), ws.localBytes(c.path()), f.get().content().mode());
      }
    }
  }

  private static void removeLeftovers(Path base) {
    Path parent = base.getParent();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, stagingPrefix(base) + "*")) {
      s.forEach(StagedCheck::delete);
    } catch (IOException e) {
      // unreadable parent: creating the staging directory will say so
    }
  }

  /** Deletes a staging tree; a symlink in it is removed, never followed. */
  private static void delete(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              Files.delete(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // already gone, or removed by the next run
    }
  }
}
