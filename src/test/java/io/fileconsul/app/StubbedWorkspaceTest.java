package io.fileconsul.app;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.fileconsul.consul.ConsulKvStore;
import io.fileconsul.consul.ConsulSettings;
import io.fileconsul.state.StateStore;
import io.fileconsul.sync.SyncRecord;
import io.fileconsul.testing.ConsulStubs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Pusher and Puller tests against a stubbed Consul start from: a WireMock server that
 * fails on any unmatched request, a share directory, its sync record, and a Workspace over them.
 * Each test ends with no temp file left in the share.
 */
abstract class StubbedWorkspaceTest {
  static final long MODE_0644 = 0x4643_01a4L;

  /** The largest value a default agent stores (limits.kv_max_value_size). */
  static final int MAX_VALUE = 512 * 1024;

  @RegisterExtension static WireMockExtension consul = ConsulStubs.server();

  @TempDir Path tempDir;

  ShareDir share;
  ConsulKvStore store;
  StateStore state;
  Workspace ws;

  /** The store the workspace uses; a test class may connect it differently. */
  ConsulKvStore connect(ConsulSettings settings) {
    return ConsulKvStore.connect(settings);
  }

  @BeforeEach
  void openWorkspace() {
    share = new ShareDir(tempDir);
    store = connect(ConsulStubs.settings(consul.baseUrl()));
    state = new StateStore(tempDir, "test store", "fc", store.describe());
    ws = new Workspace(store, new SyncSettings(tempDir, "fc", MAX_VALUE), state, Clock.systemUTC());
  }

  @AfterEach
  void closeWorkspace() {
    store.close();
    share.assertNoTempFiles();
  }

  Map<String, SyncRecord> records() {
    return state.load().base().records();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
