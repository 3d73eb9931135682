package io.fileconsul.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One finished command, with fluent assertions whose failure messages show the whole transcript
 * (command, exit code, stdout, stderr) as a terminal would.
 */
record Run(String command, int exit, String out, String err) {
  private static final Pattern REQUESTS =
      Pattern.compile("(?m)^debug: (\\d+) HTTP request\\(s\\) to ");

  Run exits(int expected) {
    assertEquals(expected, exit, () -> "exit code of\n" + this);
    return this;
  }

  Run outIs(String expected) {
    assertEquals(expected, out, () -> "stdout of\n" + this);
    return this;
  }

  Run outContains(String... parts) {
    for (String p : parts) {
      assertTrue(out.contains(p), () -> "stdout should contain '" + p + "' in\n" + this);
    }
    return this;
  }

  Run errIs(String expected) {
    assertEquals(expected, err, () -> "stderr of\n" + this);
    return this;
  }

  Run errContains(String... parts) {
    for (String p : parts) {
      assertTrue(err.contains(p), () -> "stderr should contain '" + p + "' in\n" + this);
    }
    return this;
  }

  Run noErr() {
    return errIs("");
  }

  /** Neither stream contains {@code secret}. */
  Run neverShows(String secret) {
    assertTrue(
        !out.contains(secret) && !err.contains(secret),
        () -> "the secret leaked into the output of\n" + this);
    return this;
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  List<String> errLines() {
    return err.lines().toList();
  }

  /** The figure from the {@code --debug} line. */
  int requests() {
    Matcher m = REQUESTS.matcher(err);
    if (!m.find()) {
      fail("no 'debug: N HTTP request(s)' line in\n" + this);
    }
    return Integer.parseInt(m.group(1));
  }

  @Override
  public String toString() {
    return "$ "
        + command
        + "\n[exit "
        + exit
        + "]\n--- stdout\n"
        + out
        + "--- stderr\n"
        + err
        + "---";
  }
}
