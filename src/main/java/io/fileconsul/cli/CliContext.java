package io.fileconsul.cli;

import java.io.InputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the process gets from outside, injected so tests control it: environment, standard input,
 * whether the streams are terminals, and time.
 */
record CliContext(
    Map<String, String> env,
    InputStream stdin,
    boolean stdinTerminal,
    boolean stdoutTerminal,
    boolean stderrTerminal,
    Clock clock) {

  static CliContext system() {
    boolean console = System.console() != null;
    return new CliContext(System.getenv(), System.in, isTerminal(0).orElse(console),
        isTerminal(1).orElse(console), isTerminal(2).orElse(console), Clock.systemUTC());
  }

  Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
  }

  /** Linux tells through /proc which device a descriptor is; elsewhere we cannot know. */
  private static Optional<Boolean> isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return Optional.of(target.startsWith("/dev/pts/") || target.startsWith("/dev/tty"));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }
}
