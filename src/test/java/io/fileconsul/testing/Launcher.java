package io.fileconsul.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the packaged bin/fileconsul as a subprocess, as users and consul watch do. */
public final class Launcher {
  private final Path launcher;
  private final Map<String, String> env;

  public Launcher(Map<String, String> env) {
    this.launcher =
        Path.of(System.getProperty("fileconsul.launcher", "bin/fileconsul")).toAbsolutePath();
    this.env = Map.copyOf(env);
  }

  /** Exit code and both streams of one run. */
  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  public Result run(Path workdir, String... args) {
    return run(workdir, Duration.ofSeconds(120), args);
  }

  public Result run(Path workdir, Duration timeout, String... args) {
    try {
      Process p = start(workdir, args);
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p, true));
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p, false));
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("fileconsul " + String.join(" ", args) + " ran past " + timeout);
      }
      return new Result(
          p.exitValue(),
          new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Starts a run whose streams are drained in the background, for tests that wait for something
   * else (a file, a key) before they kill it or its agent, and still want its exit code and output.
   */
  public Running spawn(Path workdir, String... args) throws IOException {
    Process p = start(workdir, args);
    return new Running(
        p,
        String.join(" ", args),
        CompletableFuture.supplyAsync(() -> readAll(p, true)),
        CompletableFuture.supplyAsync(() -> readAll(p, false)));
  }

  /** A run in progress. */
  public static final class Running {
    private final Process process;
    private final String args;
    private final CompletableFuture<byte[]> out;
    private final CompletableFuture<byte[]> err;

    private Running(
        Process process,
        String args,
        CompletableFuture<byte[]> out,
        CompletableFuture<byte[]> err) {
      this.process = process;
      this.args = args;
      this.out = out;
      this.err = err;
    }

    public Process process() {
      return process;
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** SIGKILL, as a crash or an OOM killer would; returns once the process is gone. */
    public void kill() {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Waits for the exit; fails (after killing it) if it runs past {@code timeout}. */
    public Result await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          kill();
          throw new AssertionError("fileconsul " + args + " ran past " + timeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      return new Result(
          process.exitValue(),
          new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    }
  }

  /** Starts a run without waiting, for tests that kill it part-way. */
  public Process start(Path workdir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workdir.toFile());
    pb.environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("CONSUL_")
                    || k.startsWith("ETCDCTL_")
                    || k.equals("FILECONSUL_BACKEND"));
    pb.environment().putAll(env);
    return pb.start();
  }

  private static byte[] readAll(Process p, boolean stdout) {
    try {
      return (stdout ? p.getInputStream() : p.getErrorStream()).readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
