package io.fileconsul.it;

import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fileconsul.testing.EtcdKv;
import io.fileconsul.testing.EtcdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd with auth enabled: a user whose role may only read the prefix can status and pull, but its
 * push exits 6 and writes nothing; a wrong password exits 6; the password is never printed.
 */
class EtcdAuthIT {
  private static final String ROOT_PASSWORD = "r00t-Secret-4711";
  private static final String READER_PASSWORD = "reader-Secret-0815";
  @RegisterExtension static final EtcdServer ETCD = new EtcdServer();
  private static EtcdKv root;

  @BeforeAll
  static void enableAuth() {
    root = ETCD.kv().enableAuth(ROOT_PASSWORD, "reader", READER_PASSWORD, "auth/");
    root.put("auth/present.txt", "was here\n");
  }

  private static Shell as(String user, String password) {
    return Shell.againstEtcd(ETCD.member().address())
        .prefix("auth")
        .env("ETCDCTL_USER", user)
        .env("ETCDCTL_PASSWORD", password);
  }

  @Test
  void aReadOnlyUserPullsButItsPushExits6AndWritesNothing(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Shell reader = as("reader", READER_PASSWORD);
    reader.in(a).$("pull").exits(0).noErr().neverShows(READER_PASSWORD);
    assertEquals("was here\n", Files.readString(a.resolve("present.txt")));
    write(a, "new.txt", "new\n");
    write(a, "present.txt", "edited\n");
    reader
        .in(a)
        .$("push")
        .exits(6)
        .errContains("error: etcd at etcd://" + ETCD.member().address() + " denied access")
        .neverShows(READER_PASSWORD);
    assertEquals(Map.of("auth/present.txt", "was here\n"), root.getPrefix("auth/present"));
    assertFalse(root.get("auth/new.txt").isPresent(), "the denied push wrote new.txt");
  }

  @Test
  void aWrongPasswordExits6AndIsNeverPrinted(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    String wrong = "not-the-Password-42";
    Run r = as("reader", wrong).in(a).$("status").exits(6).neverShows(wrong);
    r.errContains("error: etcd at", "refused the login", "authentication failed");
    assertEquals(1, r.errLines().size(), r::toString);
    // --user name:password on the command line is redacted too
    Shell.againstEtcd(ETCD.member().address())
        .prefix("auth")
        .in(a)
        .run("status", "--user", "reader:" + wrong)
        .exits(6)
        .neverShows(wrong);
  }

  @Test
  void noCredentialsAtAllIsDeniedNotAnEmptyPrefix(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Shell.againstEtcd(ETCD.member().address()).prefix("auth").in(a).$("pull").exits(6);
    assertEquals(java.util.List.of(), Trees.names(a));
  }
}
