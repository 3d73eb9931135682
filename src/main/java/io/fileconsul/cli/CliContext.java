package io.fileconsul.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the process gets from outside, injected so tests control it: environment, standard input,
 * whether the streams are terminals, and time.
 */
record CliContext(Map<String, String> env, InputStream stdin, Set<Stream> terminals, Clock clock) {
  /** The three standard streams, by descriptor. */
  enum Stream {
    STDIN(0),
    STDOUT(1),
    STDERR(2);

    private final int fd;

    Stream(int fd) {
      this.fd = fd;
    }
  }

  CliContext {
    terminals = Set.copyOf(terminals);
  }

  static CliContext system() {
    boolean console = System.console() != null;
    Set<Stream> terminals = EnumSet.noneOf(Stream.class);
    for (Stream s : Stream.values()) {
      if (isTerminal(s.fd).orElse(console)) {
        terminals.add(s);
      }
    }
    return new CliContext(System.getenv(), System.in, terminals, Clock.systemUTC());
  }

  boolean isTerminal(Stream stream) {
    return terminals.contains(stream);
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
