package io.fileconsul.it;

import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.testing.EtcdServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same sync over a real etcd v3 (the JSON gateway): the seed's etcd-fs story, exec bits, a
 * write by another client, unsafe keys, sizes, endpoints. Each test has its own prefix.
 */
class EtcdIT {
  @RegisterExtension static final EtcdServer ETCD = new EtcdServer();

  private static Shell sh(String prefix) {
    return Shell.againstEtcd(ETCD.member().address()).prefix(prefix);
  }

  @Test
  void aConfigPushedOnOneNodeAppendedOnAnotherIsPulledBack(@TempDir Path tmp) throws Exception {
    Path n1 = Files.createDirectories(tmp.resolve("n1"));
    Path n2 = Files.createDirectories(tmp.resolve("n2"));
    Shell sh = sh("etcdfs");
    write(n1, "rsyncd.conf", "uid = nobody\n[share]\npath = /srv\n");
    sh.in(n1).$("status --porcelain").exits(1).outIs("A. rsyncd.conf\n");
    sh.in(n1).$("push").exits(0).noErr();
    // the value is the file's exact bytes, as `etcdctl get --prefix` shows it
    assertEquals(
        Map.of("etcdfs/rsyncd.conf", "uid = nobody\n[share]\npath = /srv\n"),
        ETCD.kv().getPrefix("etcdfs/"));
    sh.in(n1).$("status").exits(0).noErr().outContains("Everything up to date");

    sh.in(n2).$("pull").exits(0).noErr().outContains("new file:", "rsyncd.conf");
    Files.writeString(
        n2.resolve("rsyncd.conf"), "read only = yes\n", java.nio.file.StandardOpenOption.APPEND);
    sh.in(n2).$("diff").exits(1).outContains("+read only = yes");
    sh.in(n2).$("push").exits(0).noErr();
    sh.in(n1).$("status --porcelain").exits(1).outIs(".M rsyncd.conf\n");
    sh.in(n1).$("pull").exits(0).noErr();
    assertEquals(
        "uid = nobody\n[share]\npath = /srv\nread only = yes\n",
        Files.readString(n1.resolve("rsyncd.conf")));
    sh.in(n1).$("status").exits(0).noErr();
    sh.in(n2).$("status").exits(0).noErr();
  }

  @Test
  void execBitsRoundTripThroughTheModesDocument(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Shell sh = sh("modes");
    write(a, "bin/deploy.sh", "#!/bin/sh\necho deploy\n".getBytes(StandardCharsets.UTF_8), 0755);
    write(a, "conf/app.conf", "x=1\n".getBytes(StandardCharsets.UTF_8), 0644);
    write(a, "conf/secret.conf", "s=1\n".getBytes(StandardCharsets.UTF_8), 0600);
    sh.in(a).$("push").exits(0).noErr();
    assertEquals(
        "{\n  \"bin/deploy.sh\": \"0755\",\n  \"conf/secret.conf\": \"0600\"\n}\n",
        ETCD.kv().get("modes/.fileconsul/modes").orElseThrow());
    sh.in(b).$("pull").exits(0).noErr();
    assertEquals(0755, Trees.mode(b.resolve("bin/deploy.sh")));
    assertEquals(0644, Trees.mode(b.resolve("conf/app.conf")));
    assertEquals(0600, Trees.mode(b.resolve("conf/secret.conf")));
    // the document is never a file, nor warned about as an unsafe key
    assertFalse(Files.exists(b.resolve(".fileconsul/modes")));

    // a mode change alone travels too, and removing the exec bit drops the entry
    Files.setPosixFilePermissions(b.resolve("bin/deploy.sh"), Trees.perms(0644));
    sh.in(b).$("status --porcelain").exits(1).outIs("M. bin/deploy.sh\n");
    sh.in(b).$("push").exits(0).noErr();
    sh.in(a).$("pull").exits(0).noErr();
    assertEquals(0644, Trees.mode(a.resolve("bin/deploy.sh")));
    assertEquals(
        "{\n  \"conf/secret.conf\": \"0600\"\n}\n",
        ETCD.kv().get("modes/.fileconsul/modes").orElseThrow());
    sh.in(a).$("status").exits(0).noErr();
  }

  @Test
  void writesAndDeletesByAnotherClientArePulled(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Shell sh = sh("other");
    write(a, "keep.txt", "mine\n");
    write(a, "gone.txt", "soon gone\n");
    sh.in(a).$("push").exits(0).noErr();
    ETCD.kv().put("other/new/from-etcdctl.txt", "hello from etcdctl\n");
    ETCD.kv().put("other/keep.txt", "changed by etcdctl\n");
    ETCD.kv().delete("other/gone.txt");
    sh.in(a)
        .$("status --porcelain")
        .exits(1)
        .outIs(".D gone.txt\n.M keep.txt\n.A new/from-etcdctl.txt\n");
    sh.in(a).$("pull").exits(0).noErr();
    assertEquals("changed by etcdctl\n", Files.readString(a.resolve("keep.txt")));
    assertEquals("hello from etcdctl\n", Files.readString(a.resolve("new/from-etcdctl.txt")));
    assertFalse(Files.exists(a.resolve("gone.txt")));
    sh.in(a).$("status").exits(0).noErr();
  }

  @Test
  void unsafeKeysFromAnotherClientAreSkippedWithAWarningAndNeverWrittenOutside(@TempDir Path tmp)
      throws Exception {
    Path share = Files.createDirectories(tmp.resolve("share"));
    Shell sh = sh("hostile");
    ETCD.kv().put("hostile/../escape", "evil\n");
    ETCD.kv().put("hostile//abs", "evil\n");
    ETCD.kv().put("hostile/back\\slash", "evil\n");
    ETCD.kv().put("hostile/.fileconsul/state-0000000000000000.json", "evil\n");
    ETCD.kv().put("hostile/good.txt", "good\n");
    ETCD.kv().put("hostileX/sibling", "not ours\n");
    Run r = sh.in(share).$("pull").exits(0);
    r.errContains(
        "hostile/../escape",
        "hostile//abs",
        "\"hostile/back\\\\slash\"",
        "hostile/.fileconsul/state");
    assertTrue(r.errLines().stream().allMatch(l -> l.startsWith("warning: ")), r::toString);
    assertEquals("good\n", Files.readString(share.resolve("good.txt")));
    assertFalse(Files.exists(tmp.resolve("escape")));
    assertFalse(Files.exists(share.resolve("sibling")));
    assertEquals(java.util.List.of(".fileconsul", "good.txt"), Trees.names(share));
    assertEquals("not ours\n", ETCD.kv().get("hostileX/sibling").orElseThrow());
  }

  @Test
  void keysHeldByALeaseAreNeverPulledOverwrittenOrDeleted(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Shell sh = sh("leased");
    ETCD.kv().putWithLease("leased/lock/holder", "node-7\n", 600);
    ETCD.kv().put("leased/plain.txt", "plain\n");
    sh.in(a).$("pull").exits(0);
    assertEquals("plain\n", Files.readString(a.resolve("plain.txt")));
    assertFalse(Files.exists(a.resolve("lock/holder")), "a lease-held key was pulled");
    write(a, "lock/holder", "mine\n");
    sh.in(a).$("push --prune").exits(0);
    assertEquals("node-7\n", ETCD.kv().get("leased/lock/holder").orElseThrow());
  }

  @Test
  void a600KiBFilePushesAnd2MiBIsRefusedBeforeAnythingIsWritten(@TempDir Path tmp)
      throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Shell sh = sh("sizes");
    byte[] kib600 = new byte[600 * 1024];
    java.util.Arrays.fill(kib600, (byte) 'x');
    write(a, "big.bin", kib600, 0644);
    sh.in(a).$("push").exits(0).noErr();
    assertEquals(600 * 1024, ETCD.kv().get("sizes/big.bin").orElseThrow().length());

    write(a, "huge.bin", new byte[2 * 1024 * 1024], 0644);
    write(a, "small.txt", "small\n");
    sh.in(a).$("push").exits(4).errContains("huge.bin");
    assertEquals(
        java.util.Set.of("sizes/big.bin"),
        ETCD.kv().getPrefix("sizes/").keySet(),
        "nothing written");
  }

  @Test
  void noReachableEndpointExits5AndADeadFirstEndpointFailsOverToTheSecond(@TempDir Path tmp)
      throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    write(a, "f.txt", "f\n");
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort(); // closed again: nothing listens there
    }
    Shell.againstEtcd("127.0.0.1:" + dead)
        .prefix("failover")
        .in(a)
        .$("status")
        .exits(5)
        .errContains("error: cannot reach etcd at etcd://127.0.0.1:" + dead, "connection refused");
    Shell both =
        Shell.againstEtcd("127.0.0.1:" + dead + "," + ETCD.member().address()).prefix("failover");
    both.in(a).$("push").exits(0).noErr();
    both.in(a).$("status").exits(0).noErr();
    assertEquals("f\n", ETCD.kv().get("failover/f.txt").orElseThrow());
  }
}
