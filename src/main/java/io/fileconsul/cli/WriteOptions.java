package io.fileconsul.cli;

import picocli.CommandLine.Option;

/** The options of the commands that write, push and pull. */
final class WriteOptions {
  @Option(
      names = {"-n", "--dry-run"},
      description = "Print what would be ${COMMAND-NAME}ed; write nothing.")
  boolean dryRun;

  @Option(
      names = {"-f", "--force"},
      description =
          "Let ${COMMAND-NAME} overwrite changes that"
              + " conflict, and delete more than half of the tracked paths.")
  boolean force;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing but errors and warnings.")
  boolean quiet;
}
