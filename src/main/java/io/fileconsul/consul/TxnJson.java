package io.fileconsul.consul;

import io.fileconsul.store.TxnOp;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The /v1/txn request body: [{"KV":{"Verb":..,"Key":..,"Value":base64,"Flags":..,"Index":..}}]. */
final class TxnJson {
  private TxnJson() {}

  static String body(List<TxnOp> ops) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < ops.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(op(ops.get(i)));
    }
    return sb.append(']').toString();
  }

  /** Bytes an op adds to a body, separator included, for a value of {@code valueLength} bytes. */
  static long size(TxnOp op, long valueLength) {
    TxnOp empty = op.value() == null ? op : new TxnOp(op.verb(), op.key(), new byte[0], op.flags(), op.index());
    return op(empty).getBytes(StandardCharsets.UTF_8).length + 1L + 4 * ((valueLength + 2) / 3);
  }

  static String op(TxnOp op) {
    StringWriter out = new StringWriter();
    try (JsonWriter w = new JsonWriter(out)) {
      w.beginObject().name("KV").beginObject();
      w.name("Verb").value(op.verb() == TxnOp.Verb.CAS ? "cas" : "delete-cas");
      w.name("Key").value(op.key());
      if (op.value() != null) {
        w.name("Value").value(Base64.getEncoder().encodeToString(op.value()));
        w.name("Flags").value(op.flags());
      }
      w.name("Index").value(op.index());
      w.endObject().endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
