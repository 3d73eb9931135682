package io.fileconsul.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Consul dev agent per test class: {@code @RegisterExtension static DevAgent consul = new
 * DevAgent();}, then {@code consul.agent()} and {@code consul.kv()}.
 */
public final class DevAgent implements BeforeAllCallback, AfterAllCallback {
  private ConsulAgent agent;
  private Kv kv;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    agent = ConsulAgent.startDev();
    kv = new Kv(agent.url());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (agent != null) {
      agent.close();
    }
  }

  public ConsulAgent agent() {
    return agent;
  }

  public Kv kv() {
    return kv;
  }
}
