package io.fileconsul.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Three real etcd members on loopback, one cluster, for the seeds' experiment:
 * {@code @RegisterExtension static EtcdCluster etcd = new EtcdCluster();}, then {@code leader()},
 * {@code kill}, {@code endpoints()}.
 */
public final class EtcdCluster implements BeforeAllCallback, AfterAllCallback {
  private static final int SIZE = 3;
  private final List<EtcdMember> members = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    int[] ports = ConsulAgent.freePorts(2 * SIZE);
    Path dir = Files.createTempDirectory("etcd-cluster");
    List<String> peers = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      peers.add("m" + i + "=http://127.0.0.1:" + ports[2 * i + 1]);
    }
    String initial = String.join(",", peers);
    for (int i = 0; i < SIZE; i++) {
      Path d = Files.createDirectories(dir.resolve("m" + i));
      members.add(
          new EtcdMember(
              "m" + i,
              d,
              ports[2 * i],
              ports[2 * i + 1],
              initial,
              "fileconsul-" + dir.getFileName()));
    }
    for (EtcdMember m : members) {
      m.launch(); // together: each waits for the others to form the cluster
    }
    for (EtcdMember m : members) {
      m.awaitReady(Duration.ofSeconds(60));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    members.forEach(EtcdMember::close);
  }

  public List<EtcdMember> members() {
    return members;
  }

  /** Every member's client address, comma-separated, as --addr takes them. */
  public String endpoints() {
    return members.stream().map(EtcdMember::address).collect(Collectors.joining(","));
  }

  /** The member the running members agree leads, if a running one does. */
  public Optional<EtcdMember> leader() {
    for (EtcdMember m : members) {
      if (!m.isRunning()) {
        continue;
      }
      Optional<JsonObject> status = status(m);
      if (status.isEmpty() || !status.get().has("leader")) {
        continue;
      }
      String leaderId = status.get().get("leader").getAsString();
      for (EtcdMember candidate : members) {
        if (candidate.isRunning()
            && status(candidate)
                .map(s -> s.getAsJsonObject("header").get("member_id").getAsString())
                .filter(leaderId::equals)
                .isPresent()) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private Optional<JsonObject> status(EtcdMember m) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(m.url() + "/v3/maintenance/status"))
                  .timeout(Duration.ofSeconds(1))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200
          ? Optional.of(JsonParser.parseString(r.body()).getAsJsonObject())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
