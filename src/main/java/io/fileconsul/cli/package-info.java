/**
 * The command line: one picocli command class per subcommand (status, diff, push, pull, watch), the
 * shared connection and write options as mixins, and the one place exit codes are decided ({@code
 * ExitCodes}). A command resolves its options into settings, opens a {@code Session} (which wires
 * the Consul adapter, the state store and a workspace), calls one use case in {@code app}, prints
 * its result and returns its outcome's exit code. Only this package imports picocli; it may import
 * every other package, since it is where the adapters are chosen. {@code TrainingRun} is the
 * build's class-data training, not a command.
 */
package io.fileconsul.cli;
