package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.testing.DevAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** status and pull --stale against a real agent, which answers ?stale reads as any other. */
class StaleTranscriptTest {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path dir;

  @Test
  void staleStatusAndPullSeeWhatTheAgentHolds() throws Exception {
    Transcript node = new Transcript(CONSUL.agent().address(), dir, "st");
    CONSUL.kv().put("st/a.txt", "one\n");

    assertEquals(
        new Transcript.Result(
            1,
            "On prefix st/ at http://<addr>, share directory <dir>\n"
                + "Changes to be pulled:\n"
                + "  (use \"fileconsul pull\" to download them)\n"
                + "\tnew file:         a.txt\n\n",
            ""),
        node.run("status --stale"));
    assertEquals(0, node.run("pull --stale").exit());
    assertEquals("one\n", Files.readString(dir.resolve("a.txt")));
    // the second run lists keys only, from the record: ?keys&stale
    assertEquals(new Transcript.Result(0, "", ""), node.run("status --stale --porcelain"));
  }
}
