package io.fileconsul.consul;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fileconsul.core.Await;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Names the KV store behind an address, so the sync record follows the store and not the spelling
 * of its address. A KV store is one datacenter of one cluster:
 *
 * <ul>
 *   <li>the cluster: the UUID in the Connect CA's trust domain ({@code <uuid>.consul}), made once
 *       when a cluster first elects a leader and kept across restarts and leader changes. {@code
 *       /v1/connect/ca/roots} needs no ACL at all, unlike {@code /v1/agent/self} (agent:read) or
 *       the raft configuration (operator:read). Datacenter names alone are no identity: every
 *       default install is "dc1".
 *   <li>the datacenter: {@code --dc}, else the agent's own ({@code /v1/agent/self}), else the only
 *       one {@code /v1/catalog/datacenters} knows.
 * </ul>
 *
 * Whatever cannot be learned (Connect disabled, agent:read denied in a federation) is replaced by
 * the address as given, which is no worse than keying on the spelling.
 */
final class ConsulIdentity {
  private ConsulIdentity() {}

  /**
   * The identity of the store {@code transport} reaches; {@code dcFlag} is --dc. Without --dc the
   * agent's datacenter is asked for beside the cluster, not after it: the two requests are a short
   * run's first round trips (status on 100 files: 0.93x, 0.97x and 1.00x in three A/Bs).
   */
  static String of(ConsulTransport transport, Optional<String> dcFlag) {
    String self = "/v1/agent/self";
    FutureTask<Optional<String>> agent = new FutureTask<>(() -> getIfOk(transport, self));
    if (dcFlag.isEmpty()) {
      Thread t = new Thread(agent, "fileconsul-identity");
      t.setDaemon(true);
      t.start();
    }
    return of(
        e -> e.equals(self) && dcFlag.isEmpty() ? answer(agent) : getIfOk(transport, e),
        dcFlag,
        transport.describe());
  }

  private static Optional<String> answer(FutureTask<Optional<String>> asked) {
    try {
      return Await.result(asked);
    } catch (ExecutionException e) {
      Await.rethrowUnchecked(e); // an outage, reported as the request in turn would have
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * The body of a 200 answer, or empty when the endpoint will not say: 403 (it needs an ACL the
   * token lacks), 404, or Connect turned off ({@code 500 "Connect must be enabled in order to use
   * this endpoint"}, checked on 1.16.6). Any other failure is an outage, not an answer: read as
   * "unknown", a passing 5xx would quietly start a second sync record for the same store.
   */
  static Optional<String> getIfOk(ConsulTransport transport, String endpoint) {
    ConsulTransport.Answer answer = transport.get(endpoint, "");
    if (answer.status() == 200) {
      return Optional.of(answer.body());
    }
    if (answer.status() == 403
        || answer.status() == 404
        || answer.body().contains("Connect must be enabled")) {
      return Optional.empty();
    }
    throw ConsulErrors.status(transport.describe(), answer.status(), answer.body());
  }

  static String of(
      Function<String, Optional<String>> get, Optional<String> dcFlag, String address) {
    Optional<String> cluster =
        get.apply("/v1/connect/ca/roots").flatMap(ConsulIdentity::trustDomain);
    Optional<String> dc =
        dcFlag
            .or(() -> get.apply("/v1/agent/self").flatMap(ConsulIdentity::agentDatacenter))
            .or(() -> get.apply("/v1/catalog/datacenters").flatMap(ConsulIdentity::onlyDatacenter));
    return "consul "
        + cluster.map(c -> "cluster " + c).orElse("at " + address)
        + " dc "
        + dc.orElseGet(() -> cluster.isPresent() ? "? at " + address : "?");
  }

  static Optional<String> trustDomain(String body) {
    return field(body, o -> o.get("TrustDomain"))
        .map(t -> t.endsWith(".consul") ? t.substring(0, t.length() - ".consul".length()) : t);
  }

  static Optional<String> agentDatacenter(String body) {
    return field(body, o -> o.getAsJsonObject("Config").get("Datacenter"));
  }

  static Optional<String> onlyDatacenter(String body) {
    try {
      var dcs = JsonParser.parseString(body).getAsJsonArray();
      return dcs.size() == 1 ? Optional.of(dcs.get(0).getAsString()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> field(String body, Function<JsonObject, JsonElement> pick) {
    try {
      JsonElement e = pick.apply(JsonParser.parseString(body).getAsJsonObject());
      return e == null || !e.isJsonPrimitive() || e.getAsString().isBlank()
          ? Optional.empty()
          : Optional.of(e.getAsString());
    } catch (RuntimeException ex) {
      return Optional.empty(); // a store that will not say is named by its address instead
    }
  }
}
