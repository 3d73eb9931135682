package io.fileconsul.consul;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to reach Consul. {@link #toString()} never shows the token or the password.
 *
 * @param httpAuth CONSUL_HTTP_AUTH, "user:password" (or "user"), sent as HTTP basic auth, as the
 *     consul CLI sends it (for a proxy in front of the agent; Consul itself ignores it)
 * @param namespace --namespace / CONSUL_NAMESPACE (Consul Enterprise): ns= on every request
 * @param partition --partition / CONSUL_PARTITION (Consul Enterprise): partition= on every request
 */
public record ConsulSettings(
    URI address,
    Optional<String> token,
    Optional<String> datacenter,
    Tls tls,
    Duration timeout,
    Optional<String> httpAuth,
    Optional<String> namespace,
    Optional<String> partition) {
  public ConsulSettings(
      URI address, Optional<String> token, Optional<String> datacenter, Tls tls, Duration timeout) {
    this(address, token, datacenter, tls, timeout, Optional.empty());
  }

  public ConsulSettings(
      URI address,
      Optional<String> token,
      Optional<String> datacenter,
      Tls tls,
      Duration timeout,
      Optional<String> httpAuth) {
    this(address, token, datacenter, tls, timeout, httpAuth, Optional.empty(), Optional.empty());
  }

  /**
   * " partition P namespace N" for what is set, else "": a namespace is another keyspace, so it
   * keys the sync record as the datacenter does.
   */
  public String scope() {
    return partition.map(p -> " partition " + p).orElse("")
        + namespace.map(n -> " namespace " + n).orElse("");
  }

  /** TLS material as the consul CLI takes it: PEM files. Verification is on unless turned off. */
  public record Tls(
      boolean verify,
      Optional<Path> caCert,
      Optional<Path> clientCert,
      Optional<Path> clientKey,
      Optional<String> serverName) {
    public static Tls defaults() {
      return new Tls(true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  public boolean https() {
    return "https".equals(address.getScheme());
  }

  /** scheme://host:port[/path], as shown in messages and used to key the sync record. */
  public String describe() {
    return address.toString();
  }

  @Override
  public String toString() {
    return "ConsulSettings[address="
        + address
        + ", token="
        + (token.isPresent() ? "<set>" : "<none>")
        + ", httpAuth="
        + (httpAuth.isPresent() ? "<set>" : "<none>")
        + ", datacenter="
        + datacenter.orElse("<default>")
        + scope()
        + "]";
  }
}
