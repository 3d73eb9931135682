package io.fileconsul.cli;

import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** pull's and watch's --check: a command that must accept the new tree before it is applied. */
final class CheckOptions {
  @Option(
      names = "--check",
      paramLabel = "COMMAND",
      description =
          "Before applying a change, stage the new tree beside the share directory and run this"
              + " shell command on it ({} is the staged directory), e.g. 'consul validate {}'."
              + " Applied only if it exits 0; else nothing changes (exit 4).")
  String check;

  @Option(
      names = "--check-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = Durations.ExecTimeout.class,
      description =
          "Stop a --check command that runs longer, 1ms to 24h (default: ${DEFAULT-VALUE}).")
  Duration checkTimeout;

  Optional<String> command() {
    return Optional.ofNullable(check);
  }
}
