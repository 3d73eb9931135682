package io.fileconsul.model;

import io.fileconsul.cli.InProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The end of every sequence: with nothing else happening, every node pushes with --force (in
 * rounds, until the prefix stops changing), then every node pulls with --force, and all trees must
 * equal the prefix. A name that is a file on one side and a directory on the other is a collision
 * no --force settles (README), so first the user's part: the foreign writer deletes a key that has
 * keys below it, and each node deletes a local file that clashes with the prefix.
 */
final class Convergence {
  private final History h;

  Convergence(History h) {
    this.h = h;
  }

  void run() {
    Map<String, String> remote = h.remote();
    for (String k : remote.keySet()) {
      if (remote.keySet().stream().anyMatch(q -> q.startsWith(k + "/"))) {
        h.kv().delete(h.prefix() + "/" + k);
      }
    }
    // Rounds until the prefix stops changing: a push that met a collision (a local d/x against a
    // key d) can make its change once a later node's push deleted d.
    for (int round = 0; round < 4; round++) {
      Map<String, String> before = h.remote();
      for (NodeModel n : h.nodes()) {
        expect(n, "push --force", h.run(n.index, "push --force"), 0, 3);
      }
      if (h.remote().equals(before)) {
        break;
      }
    }
    remote = h.remote();
    for (NodeModel n : h.nodes()) {
      for (String p : Observe.local(n.dir).keySet()) {
        String path = p;
        boolean clash =
            remote.keySet().stream()
                .anyMatch(k -> k.startsWith(path + "/") || path.startsWith(k + "/"));
        if (clash) {
          delete(n.dir.resolve(p));
        }
      }
    }
    for (NodeModel n : h.nodes()) {
      expect(n, "pull --force", h.run(n.index, "pull --force"), 0);
    }
    remote = h.remote();
    for (NodeModel n : h.nodes()) {
      Map<String, String> local = Observe.local(n.dir);
      if (!local.equals(remote)) {
        h.violation(
            "n"
                + n.index
                + " did not converge: local "
                + local.keySet()
                + ", remote "
                + remote.keySet());
      }
      expect(n, "status", h.run(n.index, "status --porcelain"), 0);
    }
  }

  private void expect(NodeModel n, String command, InProcess.Result r, int... allowed) {
    for (int a : allowed) {
      if (r.exit() == a) {
        return;
      }
    }
    h.violation("converging, n" + n.index + " " + command + " exited " + r.exit() + "\n" + r);
  }

  private static void delete(Path f) {
    try {
      Files.delete(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
