package io.fileconsul.it;

import io.fileconsul.testing.ConsulAgent;
import io.fileconsul.testing.Launcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A terminal in a share directory: {@code sh.in(server).$("push --dry-run")} runs the packaged
 * {@code bin/fileconsul push --prefix P --dry-run} there with CONSUL_HTTP_ADDR pointing at the
 * agent, and returns a {@link Run} to assert on. Immutable; every {@code with…} returns a new
 * shell.
 */
final class Shell {
  private final Map<String, String> env;
  private final String prefix;
  private final Path dir;

  private Shell(Map<String, String> env, String prefix, Path dir) {
    this.env = Map.copyOf(env);
    this.prefix = prefix;
    this.dir = dir;
  }

  /** A shell whose CONSUL_HTTP_ADDR is the agent's; no other CONSUL_* variable is inherited. */
  static Shell against(ConsulAgent agent) {
    return new Shell(Map.of("CONSUL_HTTP_ADDR", agent.address()), null, Path.of("."));
  }

  /**
   * A shell that talks to etcd: FILECONSUL_BACKEND=etcd and ETCDCTL_ENDPOINTS={@code endpoints}.
   */
  static Shell againstEtcd(String endpoints) {
    return new Shell(
        Map.of("FILECONSUL_BACKEND", "etcd", "ETCDCTL_ENDPOINTS", endpoints), null, Path.of("."));
  }

  /** Adds {@code --prefix p} after the subcommand of every run. */
  Shell prefix(String p) {
    return new Shell(env, p, dir);
  }

  /** The working directory, which is also the default --basepath. */
  Shell in(Path workdir) {
    return new Shell(env, prefix, workdir);
  }

  Shell env(String name, String value) {
    Map<String, String> e = new HashMap<>(env);
    e.put(name, value);
    return new Shell(e, prefix, dir);
  }

  /** Runs a command line split on spaces, for readability: {@code $("status --porcelain")}. */
  Run $(String commandLine) {
    return run(commandLine.trim().split(" +"));
  }

  /** Runs with exact arguments, for paths with spaces. */
  Run run(String... args) {
    List<String> argv = new ArrayList<>(Arrays.asList(args));
    if (prefix != null && !argv.isEmpty()) {
      argv.addAll(1, List.of("--prefix", prefix));
    }
    String shown = "fileconsul " + String.join(" ", argv);
    Launcher.Result r = new Launcher(env).run(dir, argv.toArray(new String[0]));
    return new Run(shown, r.exit(), r.out(), r.err());
  }
}
