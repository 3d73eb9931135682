package io.fileconsul.etcd;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where and how to reach etcd: endpoints tried in order, optional user and password, TLS files.
 * {@link #toString()} never shows the password.
 */
public record EtcdSettings(
    List<URI> endpoints,
    Optional<String> user,
    Optional<String> password,
    Tls tls,
    Duration timeout) {
  public EtcdSettings {
    endpoints = List.copyOf(endpoints);
  }

  /** PEM files as etcdctl takes them (--cacert, --cert, --key). */
  public record Tls(
      boolean verify, Optional<Path> caCert, Optional<Path> clientCert, Optional<Path> clientKey) {}

  /**
   * Parses etcdctl-style endpoints: a comma-separated list of etcd://, etcds://, http(s):// or
   * host:port.
   */
  public static List<URI> parseEndpoints(String spec) {
    return java.util.Arrays.stream(spec.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(EtcdSettings::endpoint)
        .toList();
  }

  private static URI endpoint(String s) {
    String rest = s;
    String scheme = "http";
    int sep = s.indexOf("://");
    if (sep >= 0) {
      String given = s.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
      rest = s.substring(sep + 3);
      scheme =
          switch (given) {
            case "etcd", "http" -> "http";
            case "etcds", "https" -> "https";
            default ->
                throw new IllegalArgumentException(
                    "unknown scheme '" + given + "' in etcd endpoint '" + s + "'");
          };
    }
    rest = rest.replaceAll("/+$", "");
    if (rest.isEmpty() || rest.contains("/")) {
      throw new IllegalArgumentException("etcd endpoint '" + s + "' is not host:port");
    }
    URI uri = URI.create(scheme + "://" + rest);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("etcd endpoint '" + s + "' is not host:port");
    }
    int port = uri.getPort() < 0 ? 2379 : uri.getPort();
    return URI.create(scheme + "://" + uri.getHost() + ":" + port);
  }

  public boolean https() {
    return endpoints.stream().anyMatch(u -> "https".equals(u.getScheme()));
  }

  /** The endpoints as given, for messages and to key the sync record. */
  public String describe() {
    return endpoints.stream()
        .map(u -> ("https".equals(u.getScheme()) ? "etcds://" : "etcd://") + u.getRawAuthority())
        .collect(Collectors.joining(","));
  }

  @Override
  public String toString() {
    return "EtcdSettings[endpoints="
        + describe()
        + ", user="
        + user.orElse("<none>")
        + ", password="
        + (password.isPresent() ? "<set>" : "<none>")
        + "]";
  }
}
