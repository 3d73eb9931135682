package io.fileconsul.app;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * watch's --exec command, run with {@code sh -c}: limited to a timeout, and stoppable from the
 * shutdown hook, so a hung command can neither block the loop nor keep a SIGTERM from ending the
 * watch. Stopping sends TERM to the command and everything it started (the shell's child would
 * otherwise outlive it), then KILL to whatever is left after the grace period.
 */
public final class ExecHook implements Watcher.Hook {
  private final String command;
  private final Duration timeout;
  private final Duration grace;
  private Process running; // guarded by this
  private boolean stopped; // guarded by this

  public ExecHook(String command, Duration timeout, Duration grace) {
    this.command = command;
    this.timeout = timeout;
    this.grace = grace;
  }

  /**
   * Above this the list goes on stdin only: Linux refuses a single environment string over 128 KiB
   * (MAX_ARG_STRLEN), and the command would not start at all.
   */
  static final int ENV_LIMIT = 64 * 1024;

  /**
   * Runs the command with the changed paths, one a line (a path never holds a control character):
   * in FILECONSUL_CHANGED when they fit, and always on stdin.
   */
  @Override
  public int run(List<String> changed) throws IOException, InterruptedException {
    Process p;
    String list = changed.isEmpty() ? "" : String.join("\n", changed) + "\n";
    synchronized (this) {
      if (stopped) {
        return 0; // shutting down: start nothing new
      }
      ProcessBuilder pb =
          new ProcessBuilder("sh", "-c", command)
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      if (list.length() <= ENV_LIMIT) {
        pb.environment().put("FILECONSUL_CHANGED", list);
      }
      p = pb.start();
      running = p;
    }
    feed(p, list);
    try {
      if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return p.exitValue();
      }
      terminate(p);
      long ms = timeout.toMillis();
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "--exec command ran past --exec-timeout "
              + (ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms")
              + " and was stopped; make it finish"
              + " sooner or raise --exec-timeout");
    } finally {
      synchronized (this) {
        running = null;
      }
    }
  }

  /** Writes the list on a thread of its own: a command that never reads stdin must not block us. */
  private static void feed(Process p, String list) {
    Thread t =
        new Thread(
            () -> {
              try (var in = p.getOutputStream()) {
                in.write(list.getBytes(java.nio.charset.StandardCharsets.UTF_8));
              } catch (IOException e) {
                // the command closed stdin or ended without reading it: its choice
              }
            },
            "fileconsul-exec-stdin");
    t.setDaemon(true);
    t.start();
  }

  /** Stops a running command (TERM, then KILL after the grace period); none starts after this. */
  public void stop() {
    Process p;
    synchronized (this) {
      stopped = true;
      p = running;
    }
    if (p != null) {
      terminate(p);
    }
  }

  private void terminate(Process p) {
    // Taken before the shell dies and its children are re-parented away.
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.add(p.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      // Polled, not onExit(): for a process that is not our child the JDK polls it with backoff,
      // which kept a stop waiting two seconds after the command had ended.
      while (!tree.stream().allMatch(ExecHook::ended) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(h -> !ended(h)).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Gone, or a zombie: a child of the shell that died is re-parented, and the JDK counts it alive
   * until its new parent reaps it (seconds under some container inits).
   */
  public static boolean ended(ProcessHandle h) {
    if (!h.isAlive()) {
      return true;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
      // "pid (comm) S ...": the state follows the last ')', as comm may hold one
      int end = stat.lastIndexOf(')');
      return end > 0 && stat.length() > end + 2 && stat.charAt(end + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return !h.isAlive(); // no /proc (not Linux), or it ended meanwhile
    }
  }
}
