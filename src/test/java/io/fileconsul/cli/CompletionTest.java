package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fileconsul completion: picocli's script, tried in a real bash. */
class CompletionTest {
  @TempDir Path dir;

  private Transcript shell() {
    return new Transcript("127.0.0.1:1", dir, "completion");
  }

  @Test
  void theBashScriptCompletesCommandsOptionsAndValues() throws Exception {
    Transcript.Result r = shell().runAsTyped("completion bash");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.err());
    Path script = dir.resolve("fileconsul-completion.sh");
    Files.writeString(script, r.out());

    assertEquals("watch", complete(script, "fileconsul wa"));
    assertEquals("--metrics-addr", complete(script, "fileconsul watch --metr"));
    assertEquals("text json", complete(script, "fileconsul watch --log-format "));
  }

  @Test
  void zshGetsTheSameScriptWhichStartsBashcompinitItself() {
    Transcript.Result bash = shell().runAsTyped("completion bash");
    Transcript.Result zsh = shell().runAsTyped("completion zsh");
    assertEquals(bash, zsh);
    assertTrue(zsh.out().contains("autoload -U +X bashcompinit && bashcompinit"));
  }

  @Test
  void anotherShellIsAUsageError() {
    Transcript.Result r = shell().runAsTyped("completion fish");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().startsWith("error: Invalid value for positional parameter"), r.err());
  }

  /** What bash offers for {@code line} (the cursor at its end). */
  private static String complete(Path script, String line) throws Exception {
    String words = line.endsWith(" ") ? line + "''" : line;
    String cmd =
        "source "
            + script
            + "; COMP_LINE='"
            + line
            + "'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=("
            + words
            + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
            + " _complete_fileconsul 2>/dev/null; echo \"${COMPREPLY[*]}\"";
    Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor());
    return out;
  }
}
