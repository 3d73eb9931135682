package io.fileconsul.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs fileconsul in-process like a terminal session: {@code run("status --porcelain")} gives the
 * exit code and both streams, with the share directory and agent address written as {@code <dir>}
 * and {@code <addr>} so expectations read like a transcript.
 */
final class Transcript {
  private final Map<String, String> env = new HashMap<>();
  private final String address;
  private final Path dir;
  private final String prefix;
  private boolean terminal;
  private byte[] stdin = new byte[0];
  private Clock clock = Clock.systemUTC();

  Transcript(String address, Path dir, String prefix) {
    this.address = address;
    this.dir = dir;
    this.prefix = prefix;
    env.put("CONSUL_HTTP_ADDR", address);
  }

  Transcript env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** What the next runs read on stdin, as a consul watch handler does. */
  Transcript stdin(String text) {
    stdin = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return this;
  }

  /** The clock the next runs see, e.g. one an hour ahead, for which every file is settled. */
  Transcript clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  Transcript terminal() {
    terminal = true;
    return this;
  }

  /** One command's outcome. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /**
   * Runs "fileconsul CMDLINE --basepath DIR --prefix PREFIX"; words split on spaces, '...' quotes.
   */
  Result run(String cmdline) {
    List<String> args = words(cmdline);
    if (!args.isEmpty() && !args.get(0).startsWith("-")) {
      args.addAll(1, List.of("--basepath", dir.toString(), "--prefix", prefix));
    }
    return exec(args);
  }

  /** Runs "fileconsul CMDLINE" exactly as typed, e.g. "help push". */
  Result runAsTyped(String cmdline) {
    return exec(words(cmdline));
  }

  private Result exec(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            new CliContext(
                Map.copyOf(env),
                new java.io.ByteArrayInputStream(stdin),
                terminal ? Set.of(CliContext.Stream.STDOUT) : Set.of(),
                clock),
            new PrintWriter(out),
            new PrintWriter(err),
            args.toArray(new String[0]));
    return new Result(exit, normalize(out.toString()), normalize(err.toString()));
  }

  private String normalize(String s) {
    return s.replace(dir.toString(), "<dir>").replace(address, "<addr>");
  }

  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : s.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          out.add(w.toString());
        }
        w.setLength(0);
        any = false;
      } else {
        w.append(c);
        any = true;
      }
    }
    if (any) {
      out.add(w.toString());
    }
    return out;
  }
}
