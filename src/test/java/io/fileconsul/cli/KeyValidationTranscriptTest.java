package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fileconsul.testing.DevAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consul 1.21.5 (a regex: no space, %, non-ASCII, ~, ..) and 1.22 (no space at the end) check key
 * names on /v1/kv with a 500 "invalid key name", but not in /v1/txn, which push writes with. Files
 * so named must still go round trip; this runs against 1.22.3 in the version run (pom.xml).
 */
class KeyValidationTranscriptTest {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path dir;

  @Test
  void filesWhoseNamesConsulRefusesOnKvArePushedPulledAndTheirDeletionPulled() throws Exception {
    Path one = Files.createDirectories(dir.resolve("one"));
    Path two = Files.createDirectories(dir.resolve("two"));
    Transcript a = new Transcript(CONSUL.agent().address(), one, "kn");
    Transcript b = new Transcript(CONSUL.agent().address(), two, "kn");
    String[] refused = {"notes ", "my notes.txt", "caf\u00e9.txt", "100%.txt"};
    for (String name : refused) {
      Files.writeString(one.resolve(name), "one\n");
    }
    // Others beside them, so that deleting those is no mass delete.
    for (int i = 0; i < 8; i++) {
      Files.writeString(one.resolve("plain" + i + ".txt"), "plain");
    }

    assertEquals(0, a.run("push").exit());
    assertEquals(0, b.run("pull").exit());
    for (String name : refused) {
      assertEquals("one\n", Files.readString(two.resolve(name)), name);
    }

    // Foreign deletes, through /v1/txn: these agents refuse the keys on /v1/kv even to DELETE.
    StringBuilder ops = new StringBuilder();
    for (String name : refused) {
      ops.append(ops.length() == 0 ? "[" : ",")
          .append("{\"KV\":{\"Verb\":\"delete\",\"Key\":\"kn/")
          .append(name)
          .append("\"}}");
    }
    byte[] delete = ops.append("]").toString().getBytes(StandardCharsets.UTF_8);
    assertEquals(200, CONSUL.kv().send("PUT", "/v1/txn", delete).statusCode());
    // The pull checks with a single read that each key is really gone, not hidden by an ACL.
    Transcript.Result pull = b.run("pull");
    assertEquals(0, pull.exit(), pull.toString());
    for (String name : refused) {
      assertFalse(Files.exists(two.resolve(name)), name + " in " + pull);
    }
  }
}
