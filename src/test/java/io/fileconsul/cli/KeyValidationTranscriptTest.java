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
 * Consul 1.22 checks key names on /v1/kv (a key that ends in a space is a 500 "invalid key name,
 * leading/trailing spaces are not allowed") but not in /v1/txn, which push writes with. A file so
 * named must still go round trip; this runs against the newer agent in the version run (pom.xml).
 */
class KeyValidationTranscriptTest {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path dir;

  @Test
  void aFileWhoseNameEndsInASpaceIsPushedPulledAndItsDeletionPulled() throws Exception {
    Path one = Files.createDirectories(dir.resolve("one"));
    Path two = Files.createDirectories(dir.resolve("two"));
    Transcript a = new Transcript(CONSUL.agent().address(), one, "kn");
    Transcript b = new Transcript(CONSUL.agent().address(), two, "kn");
    Files.writeString(one.resolve("notes "), "one\n");
    // Others beside it, so that deleting one file is no mass delete.
    for (String name : new String[] {"a.txt", "b.txt", "c.txt"}) {
      Files.writeString(one.resolve(name), name);
    }

    assertEquals(0, a.run("push").exit());
    assertEquals(0, b.run("pull").exit());
    assertEquals("one\n", Files.readString(two.resolve("notes ")));

    // A foreign delete, through /v1/txn: 1.22 refuses this key on /v1/kv even for a DELETE.
    byte[] delete =
        "[{\"KV\":{\"Verb\":\"delete\",\"Key\":\"kn/notes \"}}]".getBytes(StandardCharsets.UTF_8);
    assertEquals(200, CONSUL.kv().send("PUT", "/v1/txn", delete).statusCode());
    // The pull checks with a single read that the key is really gone, not hidden by an ACL.
    Transcript.Result pull = b.run("pull");
    assertEquals(0, pull.exit(), pull.toString());
    assertFalse(Files.exists(two.resolve("notes ")), pull.toString());
  }
}
