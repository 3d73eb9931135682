package io.fileconsul.cli;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.LocalErrors;
import io.fileconsul.etcd.EtcdSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The backend choice and etcd's own options, as etcdctl takes them: --user name[:password],
 * --password-file, ETCDCTL_ENDPOINTS, ETCDCTL_USER, ETCDCTL_PASSWORD, ETCDCTL_CACERT/CERT/KEY. The
 * TLS files and --addr are the shared options. Flags beat env.
 */
final class EtcdOptions {
  @Option(
      names = "--backend",
      paramLabel = "consul|etcd",
      description =
          "The KV store (env FILECONSUL_BACKEND; default consul, or etcd for an etcd:// or"
              + " etcds:// --addr).")
  String backend;

  @Option(
      names = "--user",
      paramLabel = "NAME[:PASSWORD]",
      description =
          "etcd user, optionally with its password (env ETCDCTL_USER). Prefer --password-file:"
              + " arguments are visible to other users.")
  String user;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "File holding the etcd user's password (env ETCDCTL_PASSWORD holds one).")
  Path passwordFile;

  /** Whether this run talks to etcd: --backend, FILECONSUL_BACKEND, else an etcd address. */
  boolean selected(CliContext ctx, String addr) {
    Optional<String> chosen = Optional.ofNullable(backend).or(() -> ctx.env("FILECONSUL_BACKEND"));
    if (chosen.isPresent()) {
      switch (chosen.get().strip().toLowerCase(Locale.ROOT)) {
        case "consul":
          return false;
        case "etcd":
          return true;
        default:
          throw new FileconsulException(
              ExitCode.USAGE,
              "unknown backend '" + chosen.get() + "'; use --backend consul or --backend etcd");
      }
    }
    String a = addr == null ? "" : addr.strip().toLowerCase(Locale.ROOT);
    return a.startsWith("etcd://") || a.startsWith("etcds://");
  }

  EtcdSettings settings(CliContext ctx, ConnectionOptions c) {
    String spec =
        Optional.ofNullable(c.addr).or(() -> ctx.env("ETCDCTL_ENDPOINTS")).orElse("127.0.0.1:2379");
    java.util.List<java.net.URI> endpoints;
    try {
      endpoints = EtcdSettings.parseEndpoints(spec);
    } catch (IllegalArgumentException e) {
      throw new FileconsulException(ExitCode.USAGE, "invalid --addr: " + e.getMessage());
    }
    if (endpoints.isEmpty()) {
      throw new FileconsulException(ExitCode.USAGE, "--addr names no etcd endpoint");
    }
    Optional<String> name = Optional.ofNullable(user).or(() -> ctx.env("ETCDCTL_USER"));
    Optional<String> password = Optional.empty();
    if (name.isPresent() && name.get().contains(":")) {
      String n = name.get();
      password = Optional.of(n.substring(n.indexOf(':') + 1));
      name = Optional.of(n.substring(0, n.indexOf(':')));
    }
    if (passwordFile != null) {
      if (password.isPresent()) {
        throw new FileconsulException(
            ExitCode.USAGE, "give the password either in --user name:password or --password-file");
      }
      password = Optional.of(readPassword(passwordFile));
    }
    password = password.or(() -> ctx.env("ETCDCTL_PASSWORD"));
    if (password.isPresent() && name.isEmpty()) {
      throw new FileconsulException(
          ExitCode.USAGE, "a password needs a user: give --user or ETCDCTL_USER");
    }
    EtcdSettings.Tls tls =
        new EtcdSettings.Tls(
            !c.tlsSkipVerify,
            Optional.ofNullable(c.caCert).or(() -> ctx.env("ETCDCTL_CACERT").map(Path::of)),
            Optional.ofNullable(c.clientCert).or(() -> ctx.env("ETCDCTL_CERT").map(Path::of)),
            Optional.ofNullable(c.clientKey).or(() -> ctx.env("ETCDCTL_KEY").map(Path::of)));
    Duration timeout = c.timeout;
    return new EtcdSettings(endpoints, name.filter(n -> !n.isEmpty()), password, tls, timeout);
  }

  private static String readPassword(Path file) {
    try {
      // Only a trailing line break is not part of it: a password may end in a space.
      return Files.readString(file).replaceAll("\\R+$", "");
    } catch (IOException e) {
      throw new FileconsulException(
          ExitCode.USAGE,
          "cannot read --password-file: "
              + LocalErrors.describe(e)
              + "; check the path and its permissions");
    }
  }
}
