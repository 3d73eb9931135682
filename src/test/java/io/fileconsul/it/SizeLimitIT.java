package io.fileconsul.it;

import static io.fileconsul.it.Trees.fingerprint;
import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.testing.DevAgent;
import io.fileconsul.testing.Kv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consul's 512 KiB value limit (limits.kv_max_value_size) at its edge, against a real Consul dev
 * agent.
 */
class SizeLimitIT {
  private static final int LIMIT = 524_288;
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void aValueOfExactly512KiBIsPushedAloneWithOnePut(@TempDir Path tmp) throws IOException {
    Path server = Files.createDirectories(tmp.resolve("server"));
    Path client = Files.createDirectories(tmp.resolve("client"));
    byte[] max = random(LIMIT, 1);
    write(server, "big.bin", max, 0640);
    Shell sh = Shell.against(CONSUL.agent()).prefix("size-max");

    Run push =
        sh.in(server).$("push --debug").exits(0).outContains("\tnew file:         big.bin\n");
    // base64 makes it ~700 KB in a /v1/txn body, over txn_max_req_len: a listing, one PUT ?cas=0
    // and a GET for the index it got, plus the store's identity (ca/roots and agent/self)
    assertEquals(5, push.requests(), () -> "requests of\n" + push);
    Kv.Entry e = CONSUL.kv().get("size-max/big.bin").orElseThrow();
    assertArrayEquals(max, e.value());
    assertEquals(0x4643_0000L | 0640, e.flags());

    sh.in(client).$("pull").exits(0).noErr().outContains("\tnew file:         big.bin\n");
    assertEquals(fingerprint(server), fingerprint(client));
    sh.in(server).$("status --porcelain").exits(0).outIs("").noErr();
    sh.in(client).$("status --porcelain").exits(0).outIs("").noErr();
  }

  @Test
  void oneByteOverRefusesThePushAndWritesNothingAtAll(@TempDir Path tmp) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("share"));
    write(dir, "a.txt", "small\n");
    write(dir, "sub/b.txt", "also small\n");
    write(dir, "huge.bin", random(LIMIT + 1, 2), 0644);
    write(dir, "media/huge2.bin", random(600_000, 3), 0644);
    Shell sh = Shell.against(CONSUL.agent()).prefix("size-over").in(dir);
    String refusal =
        "error: 2 file(s) over the 524288-byte value limit, so nothing was pushed:"
            + " huge.bin (524289 bytes), media/huge2.bin (600000 bytes);"
            + " shrink them or list them in .fileconsulignore\n";

    sh.$("push --dry-run").exits(4).outIs("").errIs(refusal);
    sh.$("push").exits(4).outIs("").errIs(refusal);
    assertEquals(
        Map.of(),
        CONSUL.kv().list("size-over/"),
        "the small files of a refused push must not be written");
    // nothing was recorded as synced either
    sh.$("status --porcelain")
        .exits(1)
        .noErr()
        .outIs("A. a.txt\nA. huge.bin\nA. media/huge2.bin\nA. sub/b.txt\n");

    Trees.delete(dir.resolve("huge.bin"));
    Trees.delete(dir.resolve("media/huge2.bin"));
    sh.$("push").exits(0).noErr();
    assertEquals(List.of("size-over/a.txt", "size-over/sub/b.txt"), CONSUL.kv().keys("size-over/"));
  }
}
