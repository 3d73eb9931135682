package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** pull --check against a real agent: the new tree is staged beside the share directory first. */
class CheckTranscriptTest {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path root;
  private Path dir;
  private Path tools;
  private Transcript node;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createDirectories(root.resolve("share"));
    tools = Files.createDirectories(root.resolve("tools"));
    // refuses a tree holding BAD; records where it ran and what it saw there
    Files.writeString(
        tools.resolve("check.sh"),
        "echo \"$1\" > "
            + tools.resolve("where")
            + "\nls -A \"$1\" > "
            + tools.resolve("seen")
            + "\nif grep -rq BAD \"$1\"; then exit 1; fi\n");
    node = new Transcript(CONSUL.agent().address(), dir, "ck");
  }

  private Transcript.Result pullChecked() {
    return node.run("pull --check 'sh " + tools.resolve("check.sh") + " {}'");
  }

  @Test
  void aRefusedTreeChangesNothingAndTheNextGoodOneIsApplied() throws IOException {
    CONSUL.kv().put("ck/a.txt", "good\n");
    Files.writeString(dir.resolve("local.txt"), "only here\n");
    Path leftover = root.resolve(".share.fileconsul-check-killed");
    Files.createDirectories(leftover.resolve("sub"));
    Files.writeString(leftover.resolve("sub/x"), "a killed run's\n");

    Transcript.Result first = pullChecked();

    assertEquals(0, first.exit(), first.toString());
    assertEquals("good\n", Files.readString(dir.resolve("a.txt")));
    Path staged = Path.of(Files.readString(tools.resolve("where")).strip());
    assertEquals(root, staged.getParent(), "beside the share directory");
    assertTrue(staged.getFileName().toString().startsWith(".share.fileconsul-check-"), staged + "");
    assertEquals("a.txt\nlocal.txt\n", Files.readString(tools.resolve("seen")));
    assertFalse(Files.exists(staged), "the staging directory is removed");
    assertFalse(Files.exists(leftover), "a killed run's staging directory is cleaned up");

    CONSUL.kv().put("ck/a.txt", "BAD\n");
    CONSUL.kv().put("ck/b.txt", "new\n");
    Transcript.Result refused = pullChecked();

    assertEquals(4, refused.exit(), refused.toString());
    assertTrue(
        refused.err().startsWith("error: --check command exited 1 on the tree at remote index "),
        refused.err());
    assertTrue(refused.err().contains(", so nothing was changed;"), refused.err());
    assertEquals("", refused.out());
    assertEquals("good\n", Files.readString(dir.resolve("a.txt")));
    assertFalse(Files.exists(dir.resolve("b.txt")));
    assertEquals(0, stagingDirs(), "removed after a refusal too");

    CONSUL.kv().put("ck/a.txt", "better\n");
    Transcript.Result accepted = pullChecked();

    assertEquals(0, accepted.exit(), accepted.toString());
    assertEquals("better\n", Files.readString(dir.resolve("a.txt")));
    assertEquals("new\n", Files.readString(dir.resolve("b.txt")));
    assertEquals("only here\n", Files.readString(dir.resolve("local.txt")));
  }

  @Test
  void nothingToPullRunsNoCheck() throws IOException {
    node = new Transcript(CONSUL.agent().address(), dir, "ck-empty");
    Transcript.Result r = pullChecked();
    assertEquals(0, r.exit(), r.toString());
    assertFalse(Files.exists(tools.resolve("where")));
  }

  private long stagingDirs() throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> p.getFileName().toString().contains(".fileconsul-check-")).count();
    }
  }
}
