package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Help, mistyped commands and option values that are refused before anything is sent: none of it
 * reaches Consul, so the address points at a port nothing listens on.
 */
class CliUsageTest {
  @TempDir Path dir;
  private Transcript shell;

  @BeforeEach
  void shell() {
    shell = new Transcript("127.0.0.1:1", dir, "usage");
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "diff", "push", "pull", "watch"})
  void everyCommandHasHelpWithDefaultsAndEnvironment(String command) {
    for (String flag : new String[] {"-h", "--help"}) {
      Transcript.Result r = shell.runAsTyped(command + " " + flag);

      assertEquals(0, r.exit(), r.toString());
      assertEquals("", r.err());
      assertTrue(r.out().startsWith("Usage: fileconsul " + command + " "), r.out());
      String text = r.out().replaceAll("\\s+", " "); // help wraps lines anywhere
      for (String expected :
          new String[] {
            "--addr=ADDR",
            "CONSUL_HTTP_ADDR",
            "CONSUL_HTTP_TOKEN_FILE",
            "--timeout",
            "1ms to 1h",
            "(default: 30s",
            "-h, --help",
            "Exit codes:"
          }) {
        assertTrue(
            text.contains(expected), command + " " + flag + " lacks " + expected + ":\n" + r.out());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "diff", "push", "pull", "watch"})
  void helpCommandShowsTheSameHelp(String command) {
    Transcript.Result help = shell.runAsTyped("help " + command);

    assertEquals(new Transcript.Result(0, shell.runAsTyped(command + " --help").out(), ""), help);
  }

  @Test
  void helpAloneListsTheCommands() {
    Transcript.Result r = shell.runAsTyped("help");

    assertEquals(0, r.exit(), r.toString());
    for (String command : new String[] {"status", "diff", "push", "pull", "watch", "help"}) {
      assertTrue(r.out().contains("\n  " + command + " "), command + " missing:\n" + r.out());
    }
  }

  @Test
  void watchHelpShowsItsOwnRanges() {
    String out = shell.runAsTyped("watch --help").out().replaceAll("\\s+", " ");

    assertTrue(out.contains("1s to 10m"), out);
    assertTrue(out.contains("--exec-timeout=DURATION"), out);
    assertTrue(out.contains("(default: 60s)"), out);
  }

  @Test
  void aMistypedCommandSuggestsTheNearestOne() {
    assertEquals(
        new Transcript.Result(
            2,
            "",
            "error: 'statu' is not a fileconsul command; did you"
                + " mean 'fileconsul status'? see 'fileconsul --help'\n"),
        shell.runAsTyped("statu"));
  }

  @Test
  void aMistypedOptionSuggestsTheNearestOne() {
    assertEquals(
        new Transcript.Result(
            2,
            "",
            "error: Unknown option: '--hepl'; did you mean"
                + " '--help'? see 'fileconsul push --help'\n"),
        shell.runAsTyped("push --hepl"));
  }

  @Test
  void helpForAnUnknownCommandIsAUsageErrorWithASuggestion() {
    assertEquals(
        new Transcript.Result(
            2,
            "",
            "error: 'statu' is not a fileconsul command; did you"
                + " mean 'fileconsul status'? see 'fileconsul --help'\n"),
        shell.runAsTyped("help statu"));
    assertEquals(
        new Transcript.Result(
            2, "", "error: 'nope' is not a fileconsul command; see" + " 'fileconsul --help'\n"),
        shell.runAsTyped("help nope"));
  }

  /** Each of these used to hang for ever against a listener that never answers. */
  @ParameterizedTest
  @ValueSource(strings = {"0s", "-5s", "99999999999999s", "2147483648ms", "2h", "30", "soon"})
  void aTimeoutOutOfRangeIsAUsageError(String value) {
    assertEquals(
        new Transcript.Result(
            2,
            "",
            "error: Invalid value for option '--timeout': '"
                + value
                + "' is not a duration from 1ms to 1h; use a whole number with ms, s, m or h, e.g."
                + " 500ms, 30s or 5m; see 'fileconsul status --help'\n"),
        shell.run("status --timeout " + value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "-1s", "999ms", "11m"})
  void aWatchQueryWaitOutOfRangeIsAUsageError(String value) {
    Transcript.Result r = shell.run("watch --query-wait " + value);

    assertEquals(2, r.exit(), r.toString());
    assertTrue(
        r.err()
            .startsWith(
                "error: Invalid value for option '--query-wait': '"
                    + value
                    + "' is not a duration from 1s to 10m;"),
        r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "2s:1s", "1s:2s:3s", "2h", "soon"})
  void aWatchWaitThatIsNotMinColonMaxIsAUsageError(String value) {
    Transcript.Result r = shell.run("watch --wait " + value);

    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().startsWith("error: Invalid value for option '--wait': '"), r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", ":99999", "127.0.0.1:x"})
  void aMetricsAddressThatIsNotHostColonPortIsAUsageError(String value) {
    Transcript.Result r = shell.run("watch --metrics-addr " + value);

    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().startsWith("error: Invalid value for option '--metrics-addr': '"), r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "-1s", "25h"})
  void anExecTimeoutOutOfRangeIsAUsageError(String value) {
    Transcript.Result r = shell.run("watch --exec true --exec-timeout " + value);

    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("is not a duration from 1ms to 24h"), r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:99999", "127.0.0.1:0", "http://127.0.0.1:65536"})
  void anAddressWithAPortOutOfRangeIsAUsageError(String addr) {
    assertEquals(
        new Transcript.Result(
            2,
            "",
            "error: invalid Consul address '"
                + addr
                + "': port "
                + addr.replaceAll(".*:", "")
                + " is out of range (1 to 65535)\n"),
        shell.run("status --addr " + addr));
  }

  @Test
  void aBasepathThatIsAFileSaysSo() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("notes.txt"), "x");

    assertEquals(
        new Transcript.Result(
            7,
            "",
            "error: --basepath <dir>/notes.txt is a file, not a"
                + " directory; point --basepath at the share directory\n"),
        shell.runAsTyped("status --basepath " + dir.resolve("notes.txt")));
  }

  @Test
  void aMissingTokenFileSaysWhatIsWrong() {
    assertEquals(
        new Transcript.Result(
            2,
            "",
            "error: cannot read the token file given by"
                + " --token-file: <dir>/token: no such file or directory; check the path and its"
                + " permissions\n"),
        shell.run("status --token-file " + dir.resolve("token")));
  }

  /** A path (here of the token file) with a line break or a control character stays one line. */
  @Test
  void everyErrorIsOneLine() {
    Transcript.Result r = shell.run("status --token-file " + dir.resolve("to\nken\u0001"));

    assertEquals(
        new Transcript.Result(
            2,
            "",
            "error: cannot read the token file given by"
                + " --token-file: <dir>/to ken\\x01: no such file or directory; check the path and its"
                + " permissions\n"),
        r);
  }

  /** The redactor Main.run makes learns the token before anything can echo it. */
  @Test
  void anErrorThatEchoesTheTokenPrintsItRedacted() {
    Transcript.Result r =
        shell.runAsTyped(
            "status --token s3cr3t-token --prefix ../s3cr3t-token" + " --basepath " + dir);

    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().startsWith("error: invalid --prefix '../<redacted>': "), r.err());
    assertFalse(r.err().contains("s3cr3t"), r.err());
  }

  @Test
  void pushAndPullShareTheirWriteOptionsWithTheirOwnWording() {
    String push = shell.runAsTyped("push --help").out().replaceAll("\\s+", " ");
    String pull = shell.runAsTyped("pull --help").out().replaceAll("\\s+", " ");

    assertTrue(push.contains("-n, --dry-run Print what would be pushed; write nothing."), push);
    assertTrue(pull.contains("-n, --dry-run Print what would be pulled; write nothing."), pull);
    assertTrue(push.contains("-f, --force Let push overwrite changes that conflict"), push);
    assertTrue(pull.contains("-q, --quiet Print nothing but errors and warnings."), pull);
  }

  @Test
  void oneLineKeepsTextAndEscapesControlCharacters() {
    assertEquals("a b c \\x07d", ExitCodes.oneLine("a\r\n  b\tc\n\u0007d\n"));
    assertEquals("gro\\u202eexe.nim", ExitCodes.oneLine("gro\u202eexe.nim"));
  }

  @Test
  void aServerTricklingAByteEvery200msTimesOutWithinTheTimeout() throws Exception {
    try (io.fileconsul.testing.HostileServer server =
        new io.fileconsul.testing.HostileServer(
            io.fileconsul.testing.HostileServer.Behaviour.TRICKLE, 200)) {
      long start = System.nanoTime();
      Transcript.Result r =
          org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
              java.time.Duration.ofSeconds(60),
              () -> shell.run("status --timeout 2s --addr " + server.address()));
      long ms = (System.nanoTime() - start) / 1_000_000;

      assertEquals(
          new Transcript.Result(
              5,
              "",
              "error: cannot reach Consul at http://"
                  + server.address()
                  + ": timed out: no complete answer within 2000ms (--timeout); check the"
                  + " agent and the network, then retry or raise --timeout\n"),
          r);
      assertTrue(ms < 2_000 + 5_000, "took " + ms + " ms"); // a bound for a loaded machine
    }
  }

  /**
   * Main registers only the command a run names (picocli builds the model of every registered
   * command up front); the names it goes by must be the commands' own, and help, completion and
   * anything else still see them all.
   */
  @Test
  void aRunBuildsOnlyTheCommandItNamesAndHelpSeesThemAll() {
    for (var e : FileconsulCommand.SUBCOMMANDS.entrySet()) {
      assertEquals(
          e.getKey(), e.getValue().getAnnotation(picocli.CommandLine.Command.class).name());
    }
    assertEquals(
        java.util.List.of(StatusCommand.class),
        java.util.List.copyOf(FileconsulCommand.needed(new String[] {"status", "--help"})));
    for (String first : new String[] {"help", "completion", "--help", "statsu", "--version"}) {
      assertEquals(
          FileconsulCommand.SUBCOMMANDS.size(),
          FileconsulCommand.needed(new String[] {first}).size(),
          first);
    }
    assertEquals(
        FileconsulCommand.SUBCOMMANDS.size(), FileconsulCommand.needed(new String[0]).size());
  }
}
