package io.fileconsul.consul;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Parses an address the way the consul CLI does: {@code host:port}, {@code http://host:port} or
 * {@code https://host:port}, with an optional path for a reverse proxy. {@code CONSUL_HTTP_SSL}
 * turns a scheme-less or http address into https, never the other way round.
 */
public final class ConsulAddress {
  private static final int DEFAULT_PORT = 8500;

  private ConsulAddress() {}

  public static URI parse(String address, boolean forceTls) {
    String a = address.trim();
    int schemeEnd = a.indexOf("://");
    String scheme = schemeEnd < 0 ? "http" : a.substring(0, schemeEnd).toLowerCase();
    String rest = schemeEnd < 0 ? a : a.substring(schemeEnd + 3);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw usage(
          address, "unsupported scheme '" + scheme + "' (use host:port, http:// or https://)");
    }
    if (forceTls) {
      scheme = "https";
    }
    try {
      URI u = new URI(scheme + "://" + rest);
      if (u.getHost() == null) {
        throw usage(address, "no host name in it");
      }
      int port =
          u.getPort() >= 0 ? u.getPort() : schemeEnd < 0 ? DEFAULT_PORT : defaultPort(scheme);
      if (port < 1 || port > 65535) {
        throw usage(address, "port " + port + " is out of range (1 to 65535)");
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
      return new URI(scheme + "://" + hostPart(u.getHost()) + ":" + port + path);
    } catch (URISyntaxException e) {
      throw usage(address, e.getReason());
    }
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  private static String hostPart(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static FileconsulException usage(String address, String why) {
    return new FileconsulException(
        ExitCode.USAGE, "invalid Consul address '" + address + "': " + why);
  }
}
