package io.fileconsul.etcd;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fileconsul.store.TxnOp;
import io.fileconsul.store.TxnRejectedException;
import java.util.ArrayList;
import java.util.List;

/**
 * One etcd transaction for a batch of compare-and-set operations and the modes document: compares
 * (a create needs {@code create_revision == 0}, an update {@code mod_revision ==} the index read at
 * planning time, a delete {@code mod_revision <} index + 1, so a key already gone passes), the
 * writes on success, and on failure a keys_only read of every key and the document, which tells
 * which compares failed without another request.
 */
final class EtcdTxn {
  /** The modes document as read: its bytes (null when absent) and its revision (0 when absent). */
  record Meta(byte[] value, long modRevision) {}

  private EtcdTxn() {}

  /** Request bytes (protobuf, what --max-request-bytes counts) an op adds: put, compare, read. */
  static long opSize(TxnOp op, long valueLength) {
    long key = op.key().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    return 3 * key + valueLength + 64;
  }

  static JsonObject body(List<TxnOp> ops, String metaKey, Meta meta, byte[] newMeta) {
    JsonArray compare = new JsonArray();
    JsonArray success = new JsonArray();
    JsonArray failure = new JsonArray();
    failure.add(request("request_range", EtcdJson.range(metaKey, null, 0, 0, false)));
    for (TxnOp op : ops) {
      compare.add(compare(op));
      if (op.verb() == TxnOp.Verb.CAS) {
        JsonObject put = new JsonObject();
        put.addProperty("key", EtcdJson.b64(op.key()));
        put.addProperty("value", EtcdJson.b64(op.value() == null ? new byte[0] : op.value()));
        success.add(request("request_put", put));
      } else {
        JsonObject del = new JsonObject();
        del.addProperty("key", EtcdJson.b64(op.key()));
        success.add(request("request_delete_range", del));
      }
      failure.add(request("request_range", EtcdJson.range(op.key(), null, 0, 0, true)));
    }
    if (newMeta != null) {
      compare.add(
          meta.value() == null
              ? cmp(metaKey, "CREATE", "EQUAL", "create_revision", 0)
              : cmp(metaKey, "MOD", "EQUAL", "mod_revision", meta.modRevision()));
      JsonObject put = new JsonObject();
      put.addProperty("key", EtcdJson.b64(metaKey));
      put.addProperty("value", EtcdJson.b64(newMeta));
      success.add(request("request_put", put));
    }
    JsonObject body = new JsonObject();
    body.add("compare", compare);
    body.add("success", success);
    body.add("failure", failure);
    return body;
  }

  private static JsonObject compare(TxnOp op) {
    if (op.verb() == TxnOp.Verb.DELETE_CAS) {
      return cmp(op.key(), "MOD", "LESS", "mod_revision", op.index() + 1);
    }
    return op.index() == 0
        ? cmp(op.key(), "CREATE", "EQUAL", "create_revision", 0)
        : cmp(op.key(), "MOD", "EQUAL", "mod_revision", op.index());
  }

  private static JsonObject cmp(String key, String target, String result, String field, long n) {
    JsonObject c = new JsonObject();
    c.addProperty("key", EtcdJson.b64(key));
    c.addProperty("target", target);
    c.addProperty("result", result);
    c.addProperty(field, n);
    return c;
  }

  private static JsonObject request(String kind, JsonObject r) {
    JsonObject o = new JsonObject();
    o.add(kind, r);
    return o;
  }

  /** The modes document as the failure branch read it. */
  static Meta metaRead(JsonObject answer) {
    JsonArray responses = EtcdJson.array(answer, "responses");
    JsonObject range = EtcdJson.object(responses.get(0).getAsJsonObject(), "response_range");
    return EtcdJson.kvs(range).stream()
        .findFirst()
        .map(kv -> new Meta(kv.value() == null ? new byte[0] : kv.value(), kv.modRevision()))
        .orElse(new Meta(null, 0));
  }

  /**
   * The operations whose compare failed, from the failure branch's reads; empty: only the document
   * moved.
   */
  static List<TxnRejectedException.OpError> failed(JsonObject answer, List<TxnOp> ops) {
    JsonArray responses = EtcdJson.array(answer, "responses");
    List<TxnRejectedException.OpError> errors = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      TxnOp op = ops.get(i);
      JsonObject range = EtcdJson.object(responses.get(i + 1).getAsJsonObject(), "response_range");
      List<EtcdJson.Kv> kvs = EtcdJson.kvs(range);
      long mod = kvs.isEmpty() ? 0 : kvs.get(0).modRevision();
      boolean held;
      if (op.verb() == TxnOp.Verb.DELETE_CAS) {
        held = mod <= op.index();
      } else {
        held = op.index() == 0 ? kvs.isEmpty() : mod == op.index();
      }
      if (!held) {
        errors.add(
            new TxnRejectedException.OpError(
                i,
                kvs.isEmpty()
                    ? "the key is gone"
                    : "the key is at revision " + mod + ", not " + op.index()));
      }
    }
    return errors;
  }
}
