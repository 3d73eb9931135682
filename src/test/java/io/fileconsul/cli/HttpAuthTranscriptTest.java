package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.DevAgent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONSUL_HTTP_AUTH against a real agent: Consul itself ignores basic auth (it is for a proxy in
 * front), so runs work as without it, and it is never printed.
 */
class HttpAuthTranscriptTest {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();
  private static final String AUTH = "fleet:s3cret-basic-pass";

  @TempDir Path dir;

  @Test
  void theAgentAnswersAsWithoutItAndItIsNeverPrinted() {
    CONSUL.kv().put("ha/a.txt", "one\n");
    Transcript node =
        new Transcript(CONSUL.agent().address(), dir, "ha").env("CONSUL_HTTP_AUTH", AUTH);

    assertEquals(0, node.run("pull --debug").exit());
    Transcript.Result refused = node.run("push --addr 127.0.0.1:1 --debug");

    assertEquals(5, refused.exit(), refused.toString());
    for (Transcript.Result r : new Transcript.Result[] {node.run("status --debug"), refused}) {
      assertFalse(r.toString().contains("s3cret"), r.toString());
    }
    assertTrue(refused.err().startsWith("error: cannot reach Consul"), refused.err());
  }
}
