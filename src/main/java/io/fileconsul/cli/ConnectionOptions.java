package io.fileconsul.cli;

import io.fileconsul.app.SyncSettings;
import io.fileconsul.consul.ConsulAddress;
import io.fileconsul.consul.ConsulSettings;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.core.LocalErrors;
import io.fileconsul.sync.KeyPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command shares, resolved once into immutable settings. Flags beat env. */
final class ConnectionOptions {
  @Mixin EtcdOptions etcd;

  @Option(
      names = "--addr",
      paramLabel = "ADDR",
      description =
          "Consul HTTP address: host:port, http://host:port or https://host:port"
              + " (env CONSUL_HTTP_ADDR; default 127.0.0.1:8500). For etcd, endpoints"
              + " host:port, etcd://host:port or etcds://host:port, comma-separated"
              + " (env ETCDCTL_ENDPOINTS; default 127.0.0.1:2379).")
  String addr;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "ACL token (env CONSUL_HTTP_TOKEN). Prefer --token-file: arguments are visible to other users.")
  String token;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the ACL token (env CONSUL_HTTP_TOKEN_FILE).")
  Path tokenFile;

  @Option(names = "--dc", paramLabel = "DC", description = "Datacenter (default: the agent's).")
  String datacenter;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Consul Enterprise namespace (env CONSUL_NAMESPACE; default: the token's).")
  String namespace;

  @Option(
      names = "--partition",
      paramLabel = "PARTITION",
      description =
          "Consul Enterprise admin partition (env CONSUL_PARTITION; default: the token's).")
  String partition;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      defaultValue = "fileconsul",
      description = "KV prefix that mirrors the share directory (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(
      names = "--basepath",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The share directory (default: the current directory).")
  Path basepath;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description = "CA bundle, PEM (env CONSUL_CACERT).")
  Path caCert;

  @Option(
      names = "--client-cert",
      paramLabel = "FILE",
      description = "Client certificate, PEM (env CONSUL_CLIENT_CERT).")
  Path clientCert;

  @Option(
      names = "--client-key",
      paramLabel = "FILE",
      description = "Client key, PEM (env CONSUL_CLIENT_KEY).")
  Path clientKey;

  @Option(
      names = "--tls-server-name",
      paramLabel = "NAME",
      description = "Server name to verify and send as SNI (env CONSUL_TLS_SERVER_NAME).")
  String tlsServerName;

  @Option(
      names = "--tls-skip-verify",
      description =
          "Do not verify the server's certificate (env CONSUL_HTTP_SSL_VERIFY=false). Unsafe.")
  boolean tlsSkipVerify;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = Durations.Timeout.class,
      description =
          "Deadline for each whole request to Consul, 1ms to 1h, e.g. 500ms, 30s, 2m"
              + " (default: ${DEFAULT-VALUE}; watch adds --query-wait to it for its blocking queries).")
  Duration timeout;

  @Option(
      names = "--debug",
      description = "Print stack traces with errors, and the number of HTTP requests.")
  boolean debug;

  ConsulSettings consul(CliContext ctx) {
    boolean forceTls = parseBool(ctx.env("CONSUL_HTTP_SSL"), false, "CONSUL_HTTP_SSL");
    String address =
        Optional.ofNullable(addr).or(() -> ctx.env("CONSUL_HTTP_ADDR")).orElse("127.0.0.1:8500");
    boolean verify =
        !tlsSkipVerify
            && parseBool(ctx.env("CONSUL_HTTP_SSL_VERIFY"), true, "CONSUL_HTTP_SSL_VERIFY");
    ConsulSettings.Tls tls =
        new ConsulSettings.Tls(
            verify,
            path(caCert, ctx, "CONSUL_CACERT"),
            path(clientCert, ctx, "CONSUL_CLIENT_CERT"),
            path(clientKey, ctx, "CONSUL_CLIENT_KEY"),
            Optional.ofNullable(tlsServerName)
                .or(() -> ctx.env("CONSUL_TLS_SERVER_NAME"))
                .map(n -> n.replaceAll(":\\d+$", "")));
    return new ConsulSettings(
        ConsulAddress.parse(address, forceTls),
        resolveToken(ctx),
        Optional.ofNullable(datacenter).filter(d -> !d.isEmpty()),
        tls,
        timeout,
        ctx.env("CONSUL_HTTP_AUTH"),
        Optional.ofNullable(namespace)
            .or(() -> ctx.env("CONSUL_NAMESPACE"))
            .filter(n -> !n.isEmpty()),
        Optional.ofNullable(partition)
            .or(() -> ctx.env("CONSUL_PARTITION"))
            .filter(n -> !n.isEmpty()));
  }

  SyncSettings sync(long maxValueSize) {
    String p = prefix.replaceAll("^/+", "").replaceAll("/+$", "");
    KeyPaths.prefixProblem(p)
        .ifPresent(
            problem -> {
              throw new FileconsulException(
                  ExitCode.USAGE, "invalid --prefix '" + prefix + "': " + problem);
            });
    Path base = basepath.toAbsolutePath().normalize();
    if (Files.exists(base) && !Files.isDirectory(base)) {
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "--basepath "
              + basepath
              + " is a file, not a"
              + " directory; point --basepath at the share directory");
    }
    try {
      base = Files.exists(base) ? base.toRealPath() : base;
    } catch (IOException e) {
      throw new FileconsulException(
          ExitCode.LOCAL_IO,
          "cannot resolve --basepath: "
              + LocalErrors.describe(e)
              + "; check the path and its permissions");
    }
    return new SyncSettings(base, p, maxValueSize);
  }

  /** --token-file, --token, CONSUL_HTTP_TOKEN_FILE, CONSUL_HTTP_TOKEN: the consul CLI's order. */
  private Optional<String> resolveToken(CliContext ctx) {
    if (token != null && tokenFile != null) {
      throw new FileconsulException(
          ExitCode.USAGE, "give either --token or --token-file, not both");
    }
    if (tokenFile != null) {
      return readToken(tokenFile, "--token-file");
    }
    if (token != null) {
      return Optional.of(token.strip()).filter(t -> !t.isEmpty());
    }
    Optional<String> file = ctx.env("CONSUL_HTTP_TOKEN_FILE");
    if (file.isPresent()) {
      return readToken(Path.of(file.get()), "CONSUL_HTTP_TOKEN_FILE");
    }
    return ctx.env("CONSUL_HTTP_TOKEN").map(String::strip).filter(t -> !t.isEmpty());
  }

  private static Optional<String> readToken(Path file, String source) {
    try {
      return Optional.of(Files.readString(file).strip()).filter(t -> !t.isEmpty());
    } catch (IOException e) {
      // Never the file's content: only the path and what went wrong.
      throw new FileconsulException(
          ExitCode.USAGE,
          "cannot read the token file given by "
              + source
              + ": "
              + LocalErrors.describe(e)
              + "; check the path and its permissions");
    }
  }

  private static Optional<Path> path(Path flag, CliContext ctx, String env) {
    return Optional.ofNullable(flag).or(() -> ctx.env(env).map(Path::of));
  }

  /** Go's strconv.ParseBool, which the consul CLI uses for these variables. */
  static boolean parseBool(Optional<String> value, boolean dflt, String name) {
    if (value.isEmpty()) {
      return dflt;
    }
    switch (value.get()) {
      case "1", "t", "T", "TRUE", "true", "True":
        return true;
      case "0", "f", "F", "FALSE", "false", "False":
        return false;
      default:
        throw new FileconsulException(
            ExitCode.USAGE, name + "='" + value.get() + "' is not a boolean; use true or false");
    }
  }
}
