package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.fileconsul.testing.ConsulStubs;
import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** fileconsul's commands as a user sees them, in-process, against a real Consul dev agent. */
class CliTranscriptTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  @TempDir Path server;
  @TempDir Path client;
  private String prefix;
  private Transcript onServer;
  private Transcript onClient;

  @BeforeEach
  void twoShareDirectories() {
    prefix = "cli" + PREFIXES.incrementAndGet();
    onServer = new Transcript(CONSUL.agent().address(), server, prefix);
    onClient = new Transcript(CONSUL.agent().address(), client, prefix);
  }

  /** Consul answers a path outside its API with 404 and a body; that is never an empty prefix. */
  @Test
  void aWrongPathInAddrIsAnErrorNotAnEmptyPrefix() throws IOException {
    write(server, "a.txt", "one\n");
    write(server, "b.txt", "two\n");
    onServer.run("push");
    onClient.run("pull");
    String wrong = "--addr http://" + CONSUL.agent().address() + "/consul";

    Transcript.Result status = onClient.run("status " + wrong);
    Transcript.Result pull = onClient.run("pull --force " + wrong);
    Transcript.Result push = onServer.run("push " + wrong);

    for (Transcript.Result r : java.util.List.of(status, pull, push)) {
      assertEquals(
          new Transcript.Result(
              5,
              "",
              "error: Consul at http://<addr>/consul does not know"
                  + " its API under that path (HTTP 404 \"Invalid URL path: not a recognized HTTP API"
                  + " endpoint\"); check the path in --addr or CONSUL_HTTP_ADDR\n"),
          r);
    }
    assertEquals(
        "one\n", Files.readString(client.resolve("a.txt")), "pull --force deleted nothing");
    assertEquals("two\n", Files.readString(client.resolve("b.txt")));
  }

  @Test
  void statusListsNewFilesThenPushMakesThemRemote() throws IOException {
    write(server, "config/app.json", "{\"port\": 80}\n");
    write(server, "bin/run.sh", "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        server.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));

    assertEquals(
        new Transcript.Result(
            1,
            """
        On prefix %s/ at http://<addr>, share directory <dir>
        Changes to be pushed:
          (use "fileconsul push" to upload them)
        \tnew file:         bin/run.sh
        \tnew file:         config/app.json

        """
                .formatted(prefix),
            ""),
        onServer.run("status"));

    assertEquals(
        new Transcript.Result(
            0,
            """
        Pushed 2 change(s) to prefix %s/ at http://<addr>, share directory <dir>:
        \tnew file:         bin/run.sh
        \tnew file:         config/app.json
        """
                .formatted(prefix),
            ""),
        onServer.run("push"));

    assertEquals(new Transcript.Result(0, "", ""), onServer.run("status --porcelain"));
    assertEquals(0x464301edL, CONSUL.kv().get(prefix + "/bin/run.sh").orElseThrow().flags());
    assertEquals(
        "{\"port\": 80}\n", CONSUL.kv().get(prefix + "/config/app.json").orElseThrow().text());
  }

  @Test
  void pullIsSilentWhenThereIsNothingToDo() throws IOException {
    write(server, "a.txt", "one\n");
    onServer.run("push");

    assertEquals(0, onClient.run("pull").exit());
    assertEquals(new Transcript.Result(0, "", ""), onClient.run("pull"));
    assertEquals("one\n", Files.readString(client.resolve("a.txt")));
  }

  @Test
  void eachSideSeesWhichSideChanged() throws IOException {
    write(server, "a.txt", "one\n");
    write(server, "b.txt", "bee\n");
    onServer.run("push");
    onClient.run("pull");
    write(client, "a.txt", "two\n");
    Files.delete(client.resolve("b.txt"));

    assertEquals(
        new Transcript.Result(1, "M. a.txt\nD. b.txt\n", ""), onClient.run("status --porcelain"));
    assertEquals(0, onClient.run("push").exit());
    assertEquals(
        new Transcript.Result(1, ".M a.txt\n.D b.txt\n", ""), onServer.run("status --porcelain"));
    assertEquals(
        new Transcript.Result(
            0,
            """
        Pulled 2 change(s) from prefix %s/ at http://<addr>, share directory <dir>:
        \tmodified:         a.txt
        \tdeleted:          b.txt
        """
                .formatted(prefix),
            ""),
        onServer.run("pull"));
    assertEquals("two\n", Files.readString(server.resolve("a.txt")));
    assertFalse(Files.exists(server.resolve("b.txt")));
  }

  @Test
  void conflictsAreShownAndNeitherSideIsOverwritten() throws IOException {
    write(server, "a.txt", "base\n");
    onServer.run("push");
    onClient.run("pull");
    write(server, "a.txt", "server edit\n");
    write(client, "a.txt", "client edit\n");
    onServer.run("push");

    assertEquals(
        new Transcript.Result(
            1,
            """
        On prefix %s/ at http://<addr>, share directory <dir>
        Conflicts (changed on both sides):
          (use "fileconsul diff <path>" to compare; then "fileconsul push --force <path>" keeps the local file, "fileconsul pull --force <path>" keeps the remote one)
        \tboth modified:    a.txt

        """
                .formatted(prefix),
            ""),
        onClient.run("status"));

    Transcript.Result push = onClient.run("push");
    assertEquals(3, push.exit(), push.toString());
    assertEquals(
        "error: 1 path(s) changed on both sides were left alone: a.txt; compare with"
            + " 'fileconsul diff', then 'fileconsul push --force' to keep the local version\n",
        push.err());
    assertEquals("server edit\n", CONSUL.kv().get(prefix + "/a.txt").orElseThrow().text());

    assertEquals(3, onClient.run("pull").exit());
    assertEquals("client edit\n", Files.readString(client.resolve("a.txt")));

    assertEquals(0, onClient.run("pull --force").exit());
    assertEquals("server edit\n", Files.readString(client.resolve("a.txt")));
    assertEquals(new Transcript.Result(0, "", ""), onClient.run("status --porcelain"));
  }

  @Test
  void diffShowsLocalEditsAsAdditionsLikeGitDiff() throws IOException {
    write(server, "a.txt", "one\ntwo\nthree\n");
    onServer.run("push");
    onClient.run("pull");
    write(client, "a.txt", "one\n2\nthree\n");
    write(client, "new.txt", "fresh\n");

    assertEquals(
        new Transcript.Result(
            1,
            """
        diff --fileconsul remote/a.txt local/a.txt
        --- remote/a.txt
        +++ local/a.txt
        @@ -1,3 +1,3 @@
         one
        -two
        +2
         three
        diff --fileconsul remote/new.txt local/new.txt
        new file mode 100644
        --- /dev/null
        +++ local/new.txt
        @@ -0,0 +1 @@
        +fresh
        """,
            ""),
        onClient.run("diff"));
    assertEquals(
        new Transcript.Result(
            1,
            """
        diff --fileconsul local/a.txt remote/a.txt
        --- local/a.txt
        +++ remote/a.txt
        @@ -1,3 +1,3 @@
         one
        -2
        +two
         three
        """,
            ""),
        onClient.run("diff -R a.txt"));
    assertEquals(new Transcript.Result(0, "", ""), onServer.run("diff"));
  }

  @Test
  void diffColoursOnlyOnATerminalWithoutNoColor() throws IOException {
    write(server, "a.txt", "x\n");
    assertTrue(onServer.terminal().run("diff").out().contains("\u001b[32m+x\u001b[m"));
    assertFalse(onServer.env("NO_COLOR", "1").run("diff").out().contains("\u001b["));
  }

  @Test
  void jsonStatusCarriesTheSameData() throws IOException {
    write(server, "a b.txt", "x");
    assertEquals(
        new Transcript.Result(
            1,
            """
        {
          "address": "http://<addr>",
          "prefix": "%s",
          "basepath": "<dir>",
          "inSync": false,
          "changes": [
            {
              "path": "a b.txt",
              "local": "A",
              "remote": ".",
              "action": "push"
            }
          ],
          "notManaged": []
        }
        """
                .formatted(prefix),
            ""),
        onServer.run("status --json"));
  }

  @Test
  void oversizedFilesAreAllReportedAndNothingIsWritten() throws IOException {
    write(server, "small.txt", "fits");
    Files.write(server.resolve("big1.bin"), new byte[524289]);
    Files.write(server.resolve("big2.bin"), new byte[600000]);

    Transcript.Result r = onServer.run("push");

    assertEquals(
        new Transcript.Result(
            4,
            "",
            "error: 2 file(s) over the 524288-byte value limit,"
                + " so nothing was pushed: big1.bin (524289 bytes), big2.bin (600000 bytes); shrink them"
                + " or list them in .fileconsulignore\n"),
        r);
    assertEquals(0, CONSUL.kv().list(prefix + "/").size());
  }

  @Test
  void ignoredPathsAreNeitherPushedNorPulled() throws IOException {
    write(server, ".fileconsulignore", "*.swp\nsecret/\n");
    write(server, "a.txt", "a");
    write(server, "a.txt.swp", "junk");
    write(server, "secret/key", "k");
    onServer.run("push");

    assertEquals(
        java.util.List.of(prefix + "/.fileconsulignore", prefix + "/a.txt"),
        CONSUL.kv().keys(prefix + "/"));
    CONSUL.kv().put(prefix + "/secret/planted", "p");
    write(client, ".fileconsulignore", "secret/\n");
    onClient.run("pull");
    assertFalse(Files.exists(client.resolve("secret")));
  }

  @Test
  void aPullThatWouldEmptyTheDirectoryIsRefused() throws IOException {
    for (int i = 0; i < 4; i++) {
      write(server, "f" + i, "v");
    }
    onServer.run("push");
    onClient.run("pull");
    CONSUL.kv().deleteTree(prefix + "/");

    Transcript.Result r = onClient.run("pull");

    assertEquals(4, r.exit(), r.toString());
    assertEquals(
        "error: pull would delete 4 of 4 tracked files because their keys are gone from "
            + prefix
            + "/, so nothing was changed; if that is intended, rerun with --force\n",
        r.err());
    assertEquals(4, Files.list(client).filter(Files::isRegularFile).count());
    assertEquals(0, onClient.run("pull --force").exit());
    assertEquals(0, Files.list(client).filter(Files::isRegularFile).count());
  }

  @Test
  void patternsSelectPaths() throws IOException {
    write(server, "config/a.json", "a");
    write(server, "bin/b.sh", "b");

    assertEquals(
        new Transcript.Result(1, "A. config/a.json\n", ""),
        onServer.run("status --porcelain 'config/*'"));
    onServer.run("push config");
    assertEquals(java.util.List.of(prefix + "/config/a.json"), CONSUL.kv().keys(prefix + "/"));
  }

  @Test
  void dryRunWritesNothing() throws IOException {
    write(server, "a.txt", "a");
    assertEquals(
        new Transcript.Result(
            0,
            """
        Would push 1 change(s) to prefix %s/ at http://<addr>, share directory <dir>:
        \tnew file:         a.txt
        """
                .formatted(prefix),
            ""),
        onServer.run("push --dry-run"));
    assertEquals(0, CONSUL.kv().list(prefix + "/").size());
  }

  @Test
  void aMissingShareDirectoryIsAnErrorNotAnEmptyTree() throws IOException {
    write(server, "a.txt", "a");
    onServer.run("push");
    Transcript typo =
        new Transcript(CONSUL.agent().address(), server.resolve("no-such-dir"), prefix);

    assertEquals(
        new Transcript.Result(
            7,
            "",
            "error: the share directory <dir> does not exist;"
                + " check --basepath (pull creates it when it is not a dry run)\n"),
        typo.run("push --prune --force"));
    assertEquals(java.util.List.of(prefix + "/a.txt"), CONSUL.kv().keys(prefix + "/"));
    assertEquals(0, typo.run("pull").exit());
    assertEquals("a", Files.readString(server.resolve("no-such-dir/a.txt")));
  }

  @Test
  void aKilledPullsTempFileIsNeverSyncedAndTheNextPullRemovesIt() throws IOException {
    write(client, "sub/.fileconsul-0011223344556677.tmp", "half a file");

    assertEquals(new Transcript.Result(0, "", ""), onClient.run("status --porcelain"));
    assertEquals(0, onClient.run("pull").exit());
    assertFalse(Files.exists(client.resolve("sub/.fileconsul-0011223344556677.tmp")));
  }

  @Test
  void namesThatOnlyLookLikeTempFilesAreOrdinaryFiles() throws IOException {
    CONSUL.kv().put(prefix + "/.fileconsul-notes.tmp", "important");
    CONSUL.kv().put(prefix + "/.fileconsul-0123456789abcdef.tmp", "shaped like ours");
    write(client, ".fileconsul-backup.tmp", "mine");

    Transcript.Result first = onClient.run("pull");
    assertEquals(0, first.exit(), first.toString());
    assertEquals(
        "warning: skipping unsafe key "
            + prefix
            + "/.fileconsul-0123456789abcdef.tmp:"
            + " the name of fileconsul's temp files\n",
        first.err());
    assertEquals(0, onClient.run("pull").exit());

    assertEquals("important", Files.readString(client.resolve(".fileconsul-notes.tmp")));
    assertEquals("mine", Files.readString(client.resolve(".fileconsul-backup.tmp")));
    assertTrue(CONSUL.kv().get(prefix + "/.fileconsul-notes.tmp").isPresent());
  }

  @Test
  void aPullNeverCreatesDirectoriesThroughASymlink(@TempDir Path outside) throws IOException {
    Files.createSymbolicLink(client.resolve("link"), outside);
    CONSUL.kv().put(prefix + "/link/newdir/deeper/file", "x");

    Transcript.Result r = onClient.run("pull");

    assertEquals(7, r.exit(), r.toString());
    try (java.util.stream.Stream<Path> s = Files.list(outside)) {
      assertEquals(java.util.List.of(), s.toList());
    }
  }

  @Test
  void aDirectoryThatBecameAFileIsPulledInOneGo() throws IOException {
    write(server, "d/x", "in a directory");
    write(server, "a", "a"); // one delete of three tracked files: not a mass delete
    write(server, "b", "b");
    onServer.run("push");
    onClient.run("pull");
    Files.delete(server.resolve("d/x"));
    Files.delete(server.resolve("d"));
    write(server, "d", "now a file");
    assertEquals(0, onServer.run("push").exit());

    Transcript.Result r = onClient.run("pull");

    assertEquals(0, r.exit(), r.toString());
    assertEquals("now a file", Files.readString(client.resolve("d")));
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    assertEquals(
        new Transcript.Result(
            2, "", "error: Unknown option: '--bogus'; see 'fileconsul status --help'\n"),
        onServer.run("status --bogus"));
    assertEquals(2, onServer.run("status --token a --token-file b").exit());
    assertEquals(2, onServer.run("status --addr ftp://x").exit());
  }

  @Test
  void anUnreachableAgentIsOneLineAndExitFive() throws IOException {
    Transcript.Result r = new Transcript("127.0.0.1:" + freePort(), server, prefix).run("push");
    assertEquals(
        new Transcript.Result(
            5,
            "",
            "error: cannot reach Consul at http://<addr>:"
                + " connection refused; is the agent running, and is --addr or CONSUL_HTTP_ADDR right?\n"),
        r);
  }

  @Test
  void debugAddsATraceButNeverTheToken() throws IOException {
    int closed = freePort();
    Transcript.Result r =
        new Transcript("127.0.0.1:" + closed, server, prefix)
            .env("CONSUL_HTTP_TOKEN", "s3cr3t-token-value")
            .run("status --debug");

    assertEquals(5, r.exit(), r.toString());
    assertTrue(
        r.err()
            .startsWith(
                "error: cannot reach Consul at http://<addr>: connection refused;"
                    + " is the agent running, and is --addr or CONSUL_HTTP_ADDR right?\n"),
        r.err());
    assertTrue(r.err().contains("Caused by: java.net.ConnectException"), "--debug shows the trace");
    assertFalse(r.err().contains("s3cr3t-token-value"));
    assertFalse(r.out().contains("s3cr3t-token-value"));
  }

  /**
   * What consul watch -type=keyprefix hands a handler: the API's KVPair list, whose Session is
   * never omitted (DirEntry over HTTP omits it when empty), and a trailing newline.
   */
  private String payload(long index, String... keyValues) {
    List<JsonObject> entries = new ArrayList<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      JsonObject e =
          ConsulStubs.entry(
              keyValues[i], keyValues[i + 1].getBytes(StandardCharsets.UTF_8), 0, index);
      e.addProperty("Session", "");
      entries.add(e);
    }
    return ConsulStubs.array(entries) + "\n";
  }

  @Test
  void aWatchHandlerAppliesThePayloadFromStdinWithoutAskingConsul() throws IOException {
    Transcript handler =
        onClient.env("CONSUL_INDEX", "12").stdin(payload(12, prefix + "/a.txt", "hi"));

    // A node's first run learns which cluster the agent belongs to (it keys the sync record)...
    Transcript.Result first = handler.run("pull --debug");
    assertEquals(0, first.exit(), first.toString());
    assertEquals("hi", Files.readString(client.resolve("a.txt")));
    assertEquals(
        "debug: 2 HTTP request(s) to http://<addr>\n",
        first.err(),
        "/v1/connect/ca/roots and /v1/agent/self");

    // ...and every handler run after it costs the agent nothing
    Transcript.Result next =
        handler
            .env("CONSUL_INDEX", "13")
            .stdin(payload(13, prefix + "/a.txt", "hi again"))
            .run("pull --debug");
    assertEquals(0, next.exit(), next.toString());
    assertEquals("hi again", Files.readString(client.resolve("a.txt")));
    assertTrue(next.err().endsWith("debug: 0 HTTP request(s) to http://<addr>\n"), next.toString());

    // consul watch may hand over the same state again: nothing to do, nothing printed
    assertEquals(new Transcript.Result(0, "", ""), handler.run("pull"));
  }

  @Test
  void anEmptyPrefixPayloadIsRefusedByTheMassDeleteGuard() throws IOException {
    onClient
        .env("CONSUL_INDEX", "12")
        .stdin(payload(12, prefix + "/a", "1", prefix + "/b", "2"))
        .run("pull");

    Transcript.Result r = onClient.env("CONSUL_INDEX", "13").stdin("null\n").run("pull");

    assertEquals(4, r.exit(), r.toString());
    assertTrue(Files.exists(client.resolve("a")) && Files.exists(client.resolve("b")));
  }

  @Test
  void hostileKeysInAPayloadAreSkippedWithAWarning() throws IOException {
    Path inside = client.resolve("share");
    Files.createDirectories(inside);
    Transcript handler =
        new Transcript(CONSUL.agent().address(), inside, prefix)
            .env("CONSUL_INDEX", "3")
            .stdin(
                payload(
                    3,
                    prefix + "/../escape",
                    "x",
                    prefix + "/ok.txt",
                    "fine",
                    prefix + "X/sibling",
                    "s",
                    prefix + "/a\nb",
                    "y"));

    Transcript.Result r = handler.run("pull");

    assertEquals(0, r.exit(), r.toString());
    assertEquals(
        "warning: skipping unsafe key "
            + prefix
            + "/../escape: '..' path segment\n"
            + "warning: skipping unsafe key \""
            + prefix
            + "/a\\nb\": control character\n",
        r.err());
    assertEquals("fine", Files.readString(inside.resolve("ok.txt")));
    assertFalse(Files.exists(client.resolve("escape")));
    assertEquals(
        java.util.List.of(".fileconsul", "ok.txt"),
        Files.list(inside).map(p -> p.getFileName().toString()).sorted().toList());
  }

  @Test
  void aPayloadOlderThanWhatWasSyncedIsNotTrusted() throws IOException {
    write(server, "a.txt", "new");
    onServer.run("push");
    onClient.run("pull");

    // an old handler invocation delivered late: its payload predates the synced state
    Transcript.Result r =
        onClient
            .env("CONSUL_INDEX", "1")
            .stdin(payload(1, prefix + "/a.txt", "old"))
            .run("pull --debug");

    assertEquals(new Transcript.Result(0, "", "debug: 1 HTTP request(s) to http://<addr>\n"), r);
    assertEquals("new", Files.readString(client.resolve("a.txt")));
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void write(Path dir, String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }
}
