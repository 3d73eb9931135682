package io.fileconsul.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** watch's options for running as a service: metrics, logs, and how pulls are paced. */
final class ServiceOptions {
  @Option(
      names = "--metrics-addr",
      paramLabel = "HOST:PORT",
      converter = Address.class,
      description =
          "Serve GET /metrics (Prometheus) and GET /health here; ':9464' or '9464' binds"
              + " 127.0.0.1 only. Nothing listens without it.")
  InetSocketAddress metricsAddr;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = FormatConverter.class,
      completionCandidates = FormatConverter.Names.class,
      description = "text, or json: one object a line on stdout (default: ${DEFAULT-VALUE}).")
  WatchLog.Format logFormat;

  @Option(
      names = "--wait",
      paramLabel = "MIN[:MAX]",
      converter = Durations.QuietConverter.class,
      description =
          "After a change, pull once nothing has changed for MIN, but at most MAX after the"
              + " first change (default MAX: 4 x MIN), as consul-template's wait. Default: pull at"
              + " once.")
  Durations.Quiet quiet = Durations.Quiet.OFF;

  @Option(
      names = "--splay",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = Durations.Pause.class,
      description =
          "Wait a random time up to this before each pull, 0s to 1h, so a fleet does not read"
              + " the servers at once (default: ${DEFAULT-VALUE}).")
  Duration splay;

  @Option(
      names = "--min-pull-interval",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = Durations.Pause.class,
      description =
          "At least this long between the starts of two pulls, 0s to 1h (default: ${DEFAULT-VALUE}:"
              + " only the query rate limit).")
  Duration minPullInterval;

  Optional<InetSocketAddress> metrics() {
    return Optional.ofNullable(metricsAddr);
  }

  /** text or json, in any case. */
  static final class FormatConverter implements ITypeConverter<WatchLog.Format> {
    /** What shell completion offers, as the README spells them. */
    static final class Names implements Iterable<String> {
      @Override
      public java.util.Iterator<String> iterator() {
        return java.util.List.of("text", "json").iterator();
      }
    }

    @Override
    public WatchLog.Format convert(String value) {
      try {
        return WatchLog.Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not text or json");
      }
    }
  }

  /** HOST:PORT, [V6]:PORT, :PORT or PORT; without a host, the loopback address. */
  static final class Address implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      int colon = value.lastIndexOf(':');
      String host = colon < 0 ? "" : value.substring(0, colon);
      String port = value.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int p;
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        p = -1;
      }
      if (p < 0 || p > 65535) {
        throw new TypeConversionException(
            "'" + value + "' is not HOST:PORT or :PORT, e.g. 127.0.0.1:9464 or :9464");
      }
      try {
        return new InetSocketAddress(
            host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host), p);
      } catch (UnknownHostException e) {
        throw new TypeConversionException("'" + value + "': unknown host " + host);
      }
    }
  }
}
