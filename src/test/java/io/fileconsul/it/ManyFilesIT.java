package io.fileconsul.it;

import static io.fileconsul.it.Trees.fingerprint;
import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A push too big for one transaction: batching, request count, and an exact remote. */
class ManyFilesIT {
  private static final int FILES = 1000;

  /**
   * What names the store for the sync record: /v1/connect/ca/roots (the cluster) and /v1/agent/self
   * (the datacenter).
   */
  private static final int IDENTITY = 2;

  /** ceil(1000 / 64) transactions, one listing, one spare, and the store's identity. */
  private static final int MAX_REQUESTS = (FILES + 63) / 64 + 2 + IDENTITY;

  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @Test
  void aThousandFilesGoInAFewTransactionsAndArriveExactly(@TempDir Path tmp) throws IOException {
    Path server = Files.createDirectories(tmp.resolve("server"));
    Path client = Files.createDirectories(tmp.resolve("client"));
    for (int i = 0; i < FILES; i++) {
      String body = ("file " + i + "\n").repeat(1 + i % 40);
      write(
          server,
          String.format("d%02d/file-%04d.txt", i % 25, i),
          body.getBytes(StandardCharsets.UTF_8),
          i % 10 == 0 ? 0755 : 0644);
    }
    Shell sh = Shell.against(CONSUL.agent()).prefix("many");

    Run push = sh.in(server).$("push --debug").exits(0);
    assertEquals(FILES + 1, push.outLines().size(), () -> "one line per file in\n" + push);
    assertTrue(push.out().startsWith("Pushed 1000 change(s) to prefix many/"), push::toString);
    int requests = push.requests();
    System.out.println(
        "[ManyFilesIT] push of " + FILES + " files: " + requests + " HTTP request(s)");
    assertTrue(
        requests <= MAX_REQUESTS, () -> requests + " requests, expected at most " + MAX_REQUESTS);
    assertEquals(fingerprint(server), fingerprint(CONSUL.kv().list("many/"), "many"));

    Run pull = sh.in(client).$("pull --debug").exits(0);
    System.out.println(
        "[ManyFilesIT] pull of " + FILES + " files: " + pull.requests() + " HTTP request(s)");
    assertTrue(pull.out().startsWith("Pulled 1000 change(s) from prefix many/"), pull::toString);
    assertEquals(fingerprint(server), fingerprint(client));

    Run status = sh.in(server).$("status --porcelain --debug").exits(0).outIs("");
    assertEquals(1 + IDENTITY, status.requests(), "status needs one listing");
    sh.in(client).$("status --porcelain").exits(0).outIs("").noErr();
  }
}
