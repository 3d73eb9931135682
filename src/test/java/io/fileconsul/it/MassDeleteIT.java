package io.fileconsul.it;

import static io.fileconsul.it.Trees.fingerprint;
import static io.fileconsul.it.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.testing.DevAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The mass-delete guard against a prefix wiped in the real store, and an emptied directory. */
class MassDeleteIT {
  @RegisterExtension static final DevAgent CONSUL = new DevAgent();

  private static Path tenFiles(Path tmp) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("share"));
    for (int i = 0; i < 10; i++) {
      write(dir, "conf/f" + i + ".txt", "value " + i + "\n");
    }
    return dir;
  }

  private static String lines(String format) {
    return IntStream.range(0, 10)
        .mapToObj(i -> String.format(format, i) + "\n")
        .collect(Collectors.joining());
  }

  @Test
  void pullRefusesToDeleteEveryFileWhenThePrefixIsWipedUntilForced(@TempDir Path tmp)
      throws IOException {
    Path dir = tenFiles(tmp);
    Shell sh = Shell.against(CONSUL.agent()).prefix("wiped").in(dir);
    sh.$("push").exits(0).noErr();
    Map<String, String> before = fingerprint(dir);
    assertEquals(10, CONSUL.kv().keys("wiped/").size());

    CONSUL.kv().deleteTree("wiped/");
    assertEquals(Map.of(), CONSUL.kv().list("wiped/"));
    sh.$("status --porcelain").exits(1).noErr().outIs(lines(".D conf/f%d.txt"));
    String refusal =
        "error: pull would delete 10 of 10 tracked files because their keys are gone"
            + " from wiped/, so nothing was changed; if that is intended, rerun with --force\n";
    sh.$("pull --dry-run").exits(4).outIs("").errIs(refusal);
    sh.$("pull").exits(4).outIs("").errIs(refusal);
    assertEquals(before, fingerprint(dir));

    sh.$("pull --force")
        .exits(0)
        .noErr()
        .outContains("Pulled 10 change(s) from prefix wiped/")
        .outContains(lines("\tdeleted:          conf/f%d.txt"));
    assertEquals(Map.of(), fingerprint(dir));
    sh.$("status --porcelain").exits(0).outIs("").noErr();
  }

  @Test
  void pushRefusesToDeleteEveryKeyWhenTheDirectoryIsEmptiedUntilForced(@TempDir Path tmp)
      throws IOException {
    Path dir = tenFiles(tmp);
    Shell sh = Shell.against(CONSUL.agent()).prefix("emptied").in(dir);
    sh.$("push").exits(0).noErr();
    Map<String, String> before = Trees.state(CONSUL.kv().list("emptied/"));
    assertEquals(10, before.size());

    for (int i = 0; i < 10; i++) {
      Trees.delete(dir.resolve("conf/f" + i + ".txt"));
    }
    sh.$("status --porcelain").exits(1).noErr().outIs(lines("D. conf/f%d.txt"));
    String refusal =
        "error: push would delete 10 of 10 tracked keys under emptied/, so nothing was"
            + " pushed; if that is intended, rerun with --force\n";
    sh.$("push").exits(4).outIs("").errIs(refusal);
    assertEquals(
        before,
        Trees.state(CONSUL.kv().list("emptied/")),
        "a refused push must leave every key and index alone");

    sh.$("push --force").exits(0).noErr().outContains(lines("\tdeleted:          conf/f%d.txt"));
    assertEquals(Map.of(), CONSUL.kv().list("emptied/"));
    sh.$("status --porcelain").exits(0).outIs("").noErr();
  }

  @Test
  void halfIsAnEditButMoreThanHalfIsRefused(@TempDir Path tmp) throws IOException {
    Path dir = tenFiles(tmp);
    Shell sh = Shell.against(CONSUL.agent()).prefix("half").in(dir);
    sh.$("push").exits(0).noErr();

    for (int i = 0; i < 5; i++) {
      CONSUL.kv().send("DELETE", "/v1/kv/half/conf/f" + i + ".txt", null);
    }
    sh.$("pull").exits(0).noErr().outContains("Pulled 5 change(s)");
    assertEquals(5, fingerprint(dir).size());

    for (int i = 5; i < 8; i++) {
      CONSUL.kv().send("DELETE", "/v1/kv/half/conf/f" + i + ".txt", null);
    }
    sh.$("pull").exits(4).outIs("").errContains("error: pull would delete 3 of 5 tracked files");
    assertEquals(5, fingerprint(dir).size());
  }
}
