package io.fileconsul.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Duration options: a whole number with ms, s, m or h, within a range stated in the option's help.
 * Out of range is a usage error (exit 2): 0s, a negative value, or one that overflows the HTTP
 * client's int milliseconds used to mean "wait forever".
 */
final class Durations {
  private Durations() {}

  static Duration parse(String value, Duration min, Duration max) {
    String t = value.trim().toLowerCase(Locale.ROOT);
    Duration d = null;
    try {
      if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      } else if (t.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
      }
    } catch (NumberFormatException | ArithmeticException e) {
      d = null; // not a number, or beyond any range: the same usage error
    }
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a duration from "
              + show(min)
              + " to "
              + show(max)
              + "; use a whole number with ms, s, m or h, e.g. 500ms, 30s or 5m");
    }
    return d;
  }

  private static String show(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    } else if (d.toSeconds() % 60 != 0) {
      return d.toSeconds() + "s";
    } else if (d.toMinutes() % 60 != 0) {
      return d.toMinutes() + "m";
    }
    return d.toHours() + "h";
  }

  /** A converter for one range; picocli makes converters from their class, hence one per option. */
  abstract static class Ranged implements ITypeConverter<Duration> {
    final Duration min;
    final Duration max;

    Ranged(Duration min, Duration max) {
      this.min = min;
      this.max = max;
    }

    @Override
    public Duration convert(String value) {
      return parse(value, min, max);
    }
  }

  /** --timeout: the deadline of one whole HTTP request. */
  static final class Timeout extends Ranged {
    Timeout() {
      super(Duration.ofMillis(1), Duration.ofHours(1));
    }
  }

  /** watch --splay and --min-pull-interval: 0s is off. */
  static final class Pause extends Ranged {
    Pause() {
      super(Duration.ZERO, Duration.ofHours(1));
    }
  }

  /** watch --wait MIN[:MAX], as consul-template's: MAX defaults to 4 x MIN. */
  record Quiet(Duration min, Duration max) {
    static final Quiet OFF = new Quiet(Duration.ZERO, Duration.ZERO);
  }

  /** MIN and MAX each 1ms to 1h, MAX at least MIN. */
  static final class QuietConverter implements ITypeConverter<Quiet> {
    @Override
    public Quiet convert(String value) {
      String[] parts = value.split(":", -1);
      if (parts.length > 2) {
        throw new TypeConversionException("'" + value + "' is not MIN or MIN:MAX, e.g. 2s:20s");
      }
      Duration min = parse(parts[0], Duration.ofMillis(1), Duration.ofHours(1));
      Duration max =
          parts.length == 2
              ? parse(parts[1], Duration.ofMillis(1), Duration.ofHours(1))
              : min.multipliedBy(4);
      if (max.compareTo(min) < 0) {
        throw new TypeConversionException(
            "'"
                + value
                + "': MAX must be at least MIN (it caps how long changes can defer a pull)");
      }
      return new Quiet(min, max);
    }
  }

  /**
   * watch --query-wait: Consul caps a blocking query at 10m; below 1s the loop would mostly poll.
   */
  static final class QueryWait extends Ranged {
    QueryWait() {
      super(Duration.ofSeconds(1), Duration.ofMinutes(10));
    }
  }

  /** watch --exec-timeout: how long the hook may run before it is stopped. */
  static final class ExecTimeout extends Ranged {
    ExecTimeout() {
      super(Duration.ofMillis(1), Duration.ofHours(24));
    }
  }
}
