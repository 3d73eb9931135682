package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.testing.DevAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * --namespace and --partition against the real Community Edition agent (1.16.6), which has neither:
 * it answers every KV request carrying them with a 400, so fileconsul stops with exit 2 before
 * anything is read or written (its /v1/txn would ignore them and write to the default namespace,
 * but a push lists first).
 */
class ScopeTranscriptTest {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path dir;

  @Test
  void aNamespaceIsAUsageErrorOnCommunityEditionAndNothingIsWritten() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "one\n");
    Transcript node = new Transcript(CONSUL.agent().address(), dir, "sc");

    Transcript.Result push = node.run("push --namespace team-a");

    assertEquals(
        new Transcript.Result(
            2,
            "",
            "error: Consul at http://<addr> has no namespaces or partitions (HTTP 400 \"Invalid"
                + " query parameter: \"ns\" - Namespaces are a Consul Enterprise feature\"); drop"
                + " --namespace/--partition (CONSUL_NAMESPACE, CONSUL_PARTITION), or point --addr at"
                + " Consul Enterprise\n"),
        push);
    assertEquals(java.util.Optional.empty(), CONSUL.kv().get("sc/a.txt"));
  }

  @Test
  void aPartitionFromTheEnvironmentToo() {
    Transcript node =
        new Transcript(CONSUL.agent().address(), dir, "sc").env("CONSUL_PARTITION", "p1");

    Transcript.Result status = node.run("status");

    assertEquals(2, status.exit(), status.toString());
    assertEquals(
        true,
        status.err().contains("\"Invalid query parameter: \"partition\" - Partitions are a Consul"),
        status.err());
  }
}
