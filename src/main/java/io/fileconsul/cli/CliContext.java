package io.fileconsul.cli;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** What the process gets from outside, injected so tests control it: environment, terminal, time. */
record CliContext(Map<String, String> env, boolean stdoutTerminal, boolean stderrTerminal, Clock clock) {
  static CliContext system() {
    boolean terminal = System.console() != null;
    return new CliContext(System.getenv(), terminal, terminal, Clock.systemUTC());
  }

  Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
  }
}
