package io.fileconsul.it;

import static io.fileconsul.it.Trees.fingerprint;
import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fileconsul.testing.ConsulAgent;
import io.fileconsul.testing.Kv;
import io.fileconsul.testing.Poll;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent with ACLs on and default deny: denials exit 6, a read-only token reads but never writes,
 * every way of giving a token works, and no token is ever printed.
 */
class AclIT {
  private static final String MANAGEMENT = UUID.randomUUID().toString();
  private static final String WRONG = UUID.randomUUID().toString();
  private static final String[] PREFIXES = {"acl-denied", "acl-ro", "acl-ways"};
  private static final String ANONYMOUS = "00000000-0000-0000-0000-000000000002";
  private static ConsulAgent agent;
  private static Kv admin;
  private static String readOnly;

  @BeforeAll
  static void startAgent() throws IOException {
    agent = ConsulAgent.builder().acl(MANAGEMENT).start();
    agent.awaitLeader(Duration.ofSeconds(60));
    admin = new Kv(agent.url(), MANAGEMENT);
    Poll.until(
        Duration.ofSeconds(30),
        "the ACL system to answer the management token",
        () -> admin.send("GET", "/v1/acl/policies", null).statusCode() == 200);
    StringBuilder rules = new StringBuilder();
    for (String p : PREFIXES) {
      rules.append("key_prefix \"").append(p).append("/\" { policy = \"read\" }\n");
    }
    JsonObject policy = new JsonObject();
    policy.addProperty("Name", "fileconsul-read-only");
    policy.addProperty("Rules", rules.toString());
    assertEquals(200, call("/v1/acl/policy", policy).statusCode());
    JsonObject token = new JsonObject();
    token.add("Policies", JsonParser.parseString("[{\"Name\":\"fileconsul-read-only\"}]"));
    HttpResponse<byte[]> created = call("/v1/acl/token", token);
    assertEquals(200, created.statusCode());
    readOnly =
        JsonParser.parseString(new String(created.body(), StandardCharsets.UTF_8))
            .getAsJsonObject()
            .get("SecretID")
            .getAsString();
  }

  private static HttpResponse<byte[]> call(String path, JsonObject body) {
    return admin.send("PUT", path, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  /** A directory synced to {@code prefix} with the management token. */
  private static Path seeded(Path dir, Shell sh) throws IOException {
    Files.createDirectories(dir);
    write(dir, "one.txt", "one\n");
    write(dir, "two.txt", "two\n");
    sh.in(dir).env("CONSUL_HTTP_TOKEN", MANAGEMENT).$("push").exits(0).noErr();
    return dir;
  }

  @Test
  void noTokenOrAWrongTokenIsDeniedWithExit6(@TempDir Path tmp) throws IOException {
    Shell sh = Shell.against(agent).prefix("acl-denied");
    Path synced = seeded(tmp.resolve("synced"), sh);
    Path fresh = Files.createDirectories(tmp.resolve("fresh"));
    Map<String, String> before = Trees.state(admin.list("acl-denied/"));
    write(synced, "three.txt", "three\n");

    Shell wrong = sh.env("CONSUL_HTTP_TOKEN", WRONG);
    for (String cmd : new String[] {"status", "diff", "pull", "push"}) {
      wrong
          .in(synced)
          .$(cmd + " --debug")
          .exits(6)
          .outIs("")
          .neverShows(WRONG)
          .errContains(
              "error: Consul at " + agent.url() + " denied access (HTTP 403 \"ACL not found\")");
    }
    for (String cmd : new String[] {"status", "pull", "push"}) {
      sh.in(synced)
          .$(cmd)
          .exits(6)
          .outIs("")
          .errContains("error: Consul at " + agent.url() + " denied");
    }
    sh.in(fresh).$("pull").exits(6).outIs("").errContains("anonymous token lacks permission");

    // a real token that may not read the prefix: Consul filters the listing and says so
    admin.put("acl-secret/hidden.txt", "hidden\n");
    sh.in(fresh)
        .prefix("acl-secret")
        .env("CONSUL_HTTP_TOKEN", readOnly)
        .$("pull")
        .exits(6)
        .outIs("")
        .neverShows(readOnly)
        .errContains("error: Consul at " + agent.url() + " hid keys under acl-secret/");
    assertEquals(before, Trees.state(admin.list("acl-denied/")));
    assertEquals(Map.of(), fingerprint(fresh));
  }

  @Test
  void aReadOnlyTokenReadsAndPullsButItsPushIsDeniedAndWritesNothing(@TempDir Path tmp)
      throws IOException {
    Shell sh = Shell.against(agent).prefix("acl-ro");
    Path server = seeded(tmp.resolve("server"), sh);
    Path client = Files.createDirectories(tmp.resolve("client"));
    Path tokenFile = Files.writeString(tmp.resolve("ro.token"), readOnly + "\n");
    Shell ro = sh.in(client);

    ro.run("pull", "--token-file", tokenFile.toString())
        .exits(0)
        .noErr()
        .neverShows(readOnly)
        .outContains("Pulled 2 change(s)");
    assertEquals(fingerprint(server), fingerprint(client));
    ro.run("status", "--porcelain", "--token-file", tokenFile.toString())
        .exits(0)
        .outIs("")
        .noErr();

    Map<String, String> before = Trees.state(admin.list("acl-ro/"));
    write(client, "one.txt", "changed by the client\n");
    write(client, "new.txt", "new\n");
    ro.run("status", "--porcelain", "--token", readOnly)
        .exits(1)
        .neverShows(readOnly)
        .outIs("A. new.txt\nM. one.txt\n");
    Run push =
        ro.run("push", "--debug", "--token", readOnly)
            .exits(6)
            .outIs("")
            .neverShows(readOnly)
            .errContains(
                "error: Consul at " + agent.url() + " denied the write (Permission denied",
                "lacks permission 'key:write'");
    // a listing and the denied txn, after the store's identity: ca/roots (no ACL needed),
    // agent/self (403 for a key-only token), catalog/datacenters
    push.errContains("debug: 5 HTTP request(s)");
    assertEquals(
        before, Trees.state(admin.list("acl-ro/")), "a denied push must not write anything");
    ro.env("CONSUL_HTTP_TOKEN", readOnly)
        .$("push --dry-run")
        .exits(0)
        .neverShows(readOnly)
        .outContains("Would push 2 change(s)");
  }

  @Test
  void keysHiddenFromTheAnonymousTokenAreNeverTakenForDeleted(@TempDir Path tmp)
      throws IOException {
    hiddenKeyIsNeverTakenForDeleted(tmp, "acl-anon", "priv/s.txt");
  }

  /**
   * The same for a key Consul 1.21.5 and 1.22 refuse on /v1/kv (a space at the end): pull checks it
   * through /v1/txn, whose read leaves out what the token may not read, without an error.
   */
  @Test
  void aHiddenKeyTheAgentRefusesOnKvIsNeverTakenForDeleted(@TempDir Path tmp) throws IOException {
    hiddenKeyIsNeverTakenForDeleted(tmp, "acl-kn", "priv/notes ");
  }

  /**
   * The anonymous token may read {@code prefix}/pub/ only; a job that lost its token pulls, and the
   * listing silently leaves {@code secret} out, with no header saying so: exit 6, not a delete.
   */
  private void hiddenKeyIsNeverTakenForDeleted(Path tmp, String prefix, String secret)
      throws IOException {
    JsonObject policy = new JsonObject();
    policy.addProperty("Name", prefix + "-anonymous-reads-pub");
    policy.addProperty("Rules", "key_prefix \"" + prefix + "/pub/\" { policy = \"read\" }");
    assertEquals(200, call("/v1/acl/policy", policy).statusCode());
    JsonObject anonymous = new JsonObject();
    anonymous.add(
        "Policies", JsonParser.parseString("[{\"Name\":\"" + prefix + "-anonymous-reads-pub\"}]"));
    assertEquals(200, call("/v1/acl/token/" + ANONYMOUS, anonymous).statusCode());
    Shell sh = Shell.against(agent).prefix(prefix);
    Path server = Files.createDirectories(tmp.resolve("server"));
    write(server, "pub/a.txt", "public\n");
    write(server, secret, "secret\n");
    sh.in(server).env("CONSUL_HTTP_TOKEN", MANAGEMENT).$("push").exits(0).noErr();
    Path client = Files.createDirectories(tmp.resolve("client"));
    sh.in(client).env("CONSUL_HTTP_TOKEN", MANAGEMENT).$("pull").exits(0).noErr();

    sh.in(client)
        .$("pull")
        .exits(6)
        .errContains("error: Consul at " + agent.url() + " denied access");

    assertEquals("secret\n", Trees.text(client.resolve(secret)));
  }

  @Test
  void everyWayOfGivingTheTokenWorksAndNoneIsEverPrinted(@TempDir Path tmp) throws IOException {
    Shell sh = Shell.against(agent).prefix("acl-ways");
    Path dir = seeded(tmp.resolve("share"), sh);
    Path mgmtFile = Files.writeString(tmp.resolve("mgmt.token"), MANAGEMENT + "\n");
    Path roFile = Files.writeString(tmp.resolve("ro.token"), " " + readOnly + " \n");
    Map<String, Shell> writers =
        Map.of(
            "--token",
            sh,
            "--token-file",
            sh,
            "CONSUL_HTTP_TOKEN",
            sh.env("CONSUL_HTTP_TOKEN", MANAGEMENT),
            "CONSUL_HTTP_TOKEN_FILE",
            sh.env("CONSUL_HTTP_TOKEN_FILE", mgmtFile.toString()));
    Map<String, Shell> readers =
        Map.of(
            "--token",
            sh,
            "--token-file",
            sh,
            "CONSUL_HTTP_TOKEN",
            sh.env("CONSUL_HTTP_TOKEN", readOnly),
            "CONSUL_HTTP_TOKEN_FILE",
            sh.env("CONSUL_HTTP_TOKEN_FILE", roFile.toString()));
    for (String way :
        new String[] {"--token", "--token-file", "CONSUL_HTTP_TOKEN", "CONSUL_HTTP_TOKEN_FILE"}) {
      String text = "written with " + way + "\n";
      write(dir, "one.txt", text);
      Run push =
          writers
              .get(way)
              .in(dir)
              .run(args("push", way, MANAGEMENT, mgmtFile))
              .exits(0)
              .neverShows(MANAGEMENT)
              .errContains("debug: 4 HTTP request(s)"); // 2 + identity
      push.outContains("\tmodified:         one.txt\n");
      assertEquals(text, admin.get("acl-ways/one.txt").orElseThrow().text(), way);
      readers
          .get(way)
          .in(dir)
          .run(args("status", way, readOnly, roFile))
          .exits(0)
          .neverShows(readOnly)
          .outContains("Everything up to date");
    }
  }

  /** {@code push --debug} plus the token flag when {@code way} is a flag. */
  private static String[] args(String cmd, String way, String token, Path file) {
    return switch (way) {
      case "--token" -> new String[] {cmd, "--debug", "--token", token};
      case "--token-file" -> new String[] {cmd, "--debug", "--token-file", file.toString()};
      default -> new String[] {cmd, "--debug"};
    };
  }
}
