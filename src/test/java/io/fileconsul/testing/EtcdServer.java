package io.fileconsul.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real single-member etcd per test class: {@code @RegisterExtension static EtcdServer etcd =
 * new EtcdServer();}, then {@code etcd.member()} and {@code etcd.kv()}.
 */
public final class EtcdServer implements BeforeAllCallback, AfterAllCallback {
  private final String[] flags;
  private EtcdMember member;
  private EtcdKv kv;

  /** {@code flags}: more etcd flags, e.g. {@code --auth-token-ttl=1}. */
  public EtcdServer(String... flags) {
    this.flags = flags.clone();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    member = EtcdMember.startSingle(flags);
    kv = new EtcdKv(member.url());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (member != null) {
      member.close();
    }
  }

  public EtcdMember member() {
    return member;
  }

  public EtcdKv kv() {
    return kv;
  }
}
