package io.fileconsul.model;

import io.fileconsul.model.Step.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Draws the next step from the seed and the state the nodes are in, and carries out the local
 * edits. Paths come from a small pool (five top-level names, each also a directory of three), so
 * nodes keep meeting on the same paths: edits collide, and files turn into directories.
 */
final class Moves {
  static final List<String> TOPS = List.of("a", "b", "c.sh", "d", "e");
  static final List<String> SUBS = List.of("x", "y", "z.sh");
  static final List<String> POOL = pool();

  /** Keys a foreign writer may put that no node may ever write: outside the directory, or ours. */
  static final List<String> HOSTILE = List.of("../escape", "d/../../escape", ".fileconsul/lock");

  static final List<String> COMMANDS =
      List.of("push", "pull", "push --force", "pull --force", "push --prune", "status");

  private Moves() {}

  private static List<String> pool() {
    List<String> out = new ArrayList<>(TOPS);
    for (String t : TOPS) {
      for (String s : SUBS) {
        out.add(t + "/" + s);
      }
    }
    return List.copyOf(out);
  }

  static Step next(
      Random r, List<Path> dirs, Map<String, String> remote, Supplier<String> content) {
    int node = r.nextInt(dirs.size());
    Path dir = dirs.get(node);
    Map<String, String> local = Observe.local(dir);
    List<String> files = new ArrayList<>(local.keySet());
    int roll = r.nextInt(100);
    if (roll < 40 && !files.isEmpty() || roll < 12) {
      return localStep(r, node, dir, files, local, content);
    }
    if (roll < 52) {
      List<String> keys = new ArrayList<>(remote.keySet());
      keys.retainAll(POOL);
      if (r.nextInt(12) == 0) {
        return Step.foreign(
            Kind.FOREIGN_HOSTILE, pick(r, HOSTILE), Values.of(content.get(), false));
      }
      if (!keys.isEmpty() && r.nextInt(4) == 0) {
        return Step.foreign(Kind.FOREIGN_DELETE, pick(r, keys), null);
      }
      return Step.foreign(
          Kind.FOREIGN_PUT, pick(r, POOL), Values.of(content.get(), r.nextInt(5) == 0));
    }
    if (roll < 86) {
      int c = r.nextInt(20);
      String cmd = c < 7 ? "push" : c < 14 ? "pull" : c < 16 ? "status" : COMMANDS.get(c - 14);
      return Step.command(node, cmd);
    }
    if (roll < 91) {
      return Step.twoPushes(node, (node + 1 + r.nextInt(dirs.size() - 1)) % dirs.size());
    }
    if (roll < 99) {
      return Step.killed(node, r.nextBoolean() ? "push" : "pull", r.nextInt(1500));
    }
    return Step.agentRestart(node, pick(r, COMMANDS));
  }

  private static Step localStep(
      Random r,
      int node,
      Path dir,
      List<String> files,
      Map<String, String> local,
      Supplier<String> content) {
    List<String> free = POOL.stream().filter(p -> creatable(dir, p)).toList();
    int roll = files.isEmpty() ? 0 : r.nextInt(6);
    if (roll == 0 && !free.isEmpty()) {
      return Step.local(
          Kind.CREATE, node, pick(r, free), null, Values.of(content.get(), r.nextInt(5) == 0));
    }
    if (files.isEmpty()) {
      return Step.command(node, "status");
    }
    String p = pick(r, files);
    String old = local.get(p);
    return switch (roll) {
      case 1 -> Step.local(Kind.EDIT, node, p, null, Values.of(content.get(), Values.exec(old)));
      case 2 -> Step.local(Kind.DELETE, node, p, null, null);
      case 3 ->
          Step.local(Kind.CHMOD, node, p, null, Values.of(Values.content(old), !Values.exec(old)));
      case 4 -> {
        String top = p.contains("/") ? p.substring(0, p.indexOf('/')) : p;
        String target = p.contains("/") ? top : top + "/" + pick(r, SUBS);
        yield Step.local(Kind.SWAP, node, top, target, Values.of(content.get(), false));
      }
      default ->
          free.isEmpty()
              ? Step.local(Kind.DELETE, node, p, null, null)
              : Step.local(Kind.RENAME, node, p, pick(r, free), old);
    };
  }

  /**
   * Whether a file can be made at {@code p}: nothing there, and no file where a parent would be.
   */
  private static boolean creatable(Path dir, String p) {
    if (Files.exists(dir.resolve(p))) {
      return false;
    }
    int slash = p.indexOf('/');
    return slash < 0 || !Files.isRegularFile(dir.resolve(p.substring(0, slash)));
  }

  private static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }

  /** Carries out a local edit, as a user (or their editor) would. */
  static void apply(Step s, Path dir) {
    try {
      switch (s.kind()) {
        case CREATE, EDIT, CHMOD -> write(dir, s.path(), s.value());
        case DELETE -> delete(dir, s.path());
        case RENAME -> {
          delete(dir, s.path());
          write(dir, s.target(), s.value());
        }
        case SWAP -> {
          Path top = dir.resolve(s.path());
          if (Files.isDirectory(top)) {
            try (var walk = Files.walk(top)) {
              for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
              }
            }
          } else {
            Files.deleteIfExists(top);
          }
          write(dir, s.target(), s.value());
        }
        default -> throw new IllegalArgumentException("not a local step: " + s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path dir, String path, String value) throws IOException {
    Path f = dir.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, Values.content(value), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(
        f, PosixFilePermissions.fromString(Values.exec(value) ? "rwxr-xr-x" : "rw-r--r--"));
  }

  /** Deletes a file and the directories that leaves empty, as git does. */
  private static void delete(Path dir, String path) throws IOException {
    Path f = dir.resolve(path);
    Files.delete(f);
    for (Path d = f.getParent(); !d.equals(dir); d = d.getParent()) {
      try (var entries = Files.list(d)) {
        if (entries.findAny().isPresent()) {
          return;
        }
      }
      Files.delete(d);
    }
  }
}
