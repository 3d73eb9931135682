package io.fileconsul.consul;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.fileconsul.testing.ConsulStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Consul stub that fails on any unmatched request, and a store connected to it per test. */
abstract class StubbedConsulTest {
  @RegisterExtension static WireMockExtension consul = ConsulStubs.server();

  ConsulKvStore store;

  @BeforeEach
  void connect() {
    store = ConsulKvStore.connect(ConsulStubs.settings(consul.baseUrl()));
  }

  @AfterEach
  void close() {
    store.close();
  }
}
