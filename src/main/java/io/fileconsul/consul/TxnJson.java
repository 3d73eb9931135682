package io.fileconsul.consul;

import com.google.gson.stream.JsonWriter;
import io.fileconsul.store.StoreLimits;
import io.fileconsul.store.TxnOp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The /v1/txn request body: [{"KV":{"Verb":..,"Key":..,"Value":base64,"Flags":..,"Index":..}}],
 * written as bytes. The base64 text goes in as the encoder makes it: its alphabet needs no JSON
 * escaping, and passing it through gson's writer char by char was a quarter of an initial push's
 * CPU (JFR, issue 9). Keys go through gson's writer, which escapes what JSON requires.
 */
final class TxnJson {
  private TxnJson() {}

  static byte[] body(List<TxnOp> ops) {
    return body(ops, "");
  }

  /**
   * With {@code scope} ({@link #scope}) in each operation: Enterprise takes a transaction's
   * namespace and partition per operation, not from the URL.
   */
  static byte[] body(List<TxnOp> ops, String scope) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    out.write('[');
    for (int i = 0; i < ops.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      write(out, ops.get(i), scope);
    }
    out.write(']');
    return out.toByteArray();
  }

  /** Bytes an op adds to a body, separator included, for a value of {@code valueLength} bytes. */
  static long size(TxnOp op, long valueLength) {
    TxnOp empty =
        op.value() == null
            ? op
            : new TxnOp(op.verb(), op.key(), new byte[0], op.flags(), op.index());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, empty, "");
    return out.size() + 1L + 4 * ((valueLength + 2) / 3);
  }

  /** {@code base}, its operations grown by what {@link #scope} adds to each. */
  static StoreLimits limits(StoreLimits base, ConsulSettings settings) {
    int scope = scope(settings).getBytes(StandardCharsets.UTF_8).length;
    return scope == 0
        ? base
        : new StoreLimits(
            base.maxValueSize(),
            base.maxOpsPerTxn(),
            base.maxRequestBytes(),
            (op, n) -> base.opSize().of(op, n) + scope);
  }

  /** ',"Namespace":..,"Partition":..' for what is set, else "". */
  static String scope(ConsulSettings settings) {
    return settings.namespace().map(n -> ",\"Namespace\":" + jsonString(n)).orElse("")
        + settings.partition().map(p -> ",\"Partition\":" + jsonString(p)).orElse("");
  }

  private static void write(ByteArrayOutputStream out, TxnOp op, String scope) {
    ascii(
        out,
        "{\"KV\":{\"Verb\":\""
            + (op.verb() == TxnOp.Verb.CAS ? "cas" : "delete-cas")
            + "\",\"Key\":");
    out.writeBytes(jsonString(op.key()).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(scope.getBytes(StandardCharsets.UTF_8));
    if (op.value() != null) {
      ascii(out, ",\"Value\":\"");
      out.writeBytes(Base64.getEncoder().encode(op.value()));
      ascii(out, "\",\"Flags\":" + op.flags());
    }
    ascii(out, ",\"Index\":" + op.index() + "}}");
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  static String jsonString(String s) {
    StringWriter text = new StringWriter();
    try (JsonWriter w = new JsonWriter(text)) {
      w.value(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
