package io.fileconsul.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.fileconsul.testing.ConsulStubs.array;
import static io.fileconsul.testing.ConsulStubs.entry;
import static io.fileconsul.testing.ConsulStubs.kvNotFound;
import static io.fileconsul.testing.ConsulStubs.kvRead;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.store.KvEntry;
import io.fileconsul.store.KvValue;
import io.fileconsul.store.Listing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;

/** Reading: the recursive listing of a prefix and single-key GETs, against Consul-shaped stubs. */
class ConsulKvStoreReadTest extends StubbedConsulTest {
  private static final String FLAGS_ABOVE_LONG_MAX = "18446744073709551615";

  @Test
  void listsThePrefixWithATrailingSlashSoASiblingPrefixIsNeverAsked() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .willReturn(
                kvRead(
                    array(
                        entry("fc/a.conf", bytes("hello"), 0x4643_01a4L, 42),
                        entry("fc/sub/b.sh", bytes("#!/bin/sh"), 0x4643_01edL, 40)),
                    42)));

    Listing listing = store.list("fc");

    assertEquals(
        List.of("fc/a.conf", "fc/sub/b.sh"), listing.entries().stream().map(KvEntry::key).toList());
    assertEquals(List.of("/v1/kv/fc/?recurse"), requestedUrls());
    KvEntry a = listing.entries().get(0);
    assertEquals(new KvEntry("fc/a.conf", 0x4643_01a4L, 42, DigestUtils.sha256Hex("hello"), 5), a);
    assertArrayEquals(bytes("hello"), listing.value("fc/a.conf").orElseThrow());
    assertEquals(42, listing.index());
  }

  @Test
  void aBlockingQueryTakesWhatTheRecordSyncedFromTheRecord() {
    consul.stubFor(
        get(urlMatching("/v1/kv/fc/\\?recurse&index=41&wait=1000ms"))
            .willReturn(
                kvRead(
                    array(
                        entry("fc/a.conf", bytes("hello"), 0x4643_01a4L, 42),
                        entry("fc/b.conf", bytes("bye"), 0x4643_01a4L, 43)),
                    43)));

    Listing listing =
        store.watch(
            "fc",
            41,
            java.time.Duration.ofSeconds(1),
            false,
            java.util.Map.of(
                "fc/a.conf", new io.fileconsul.store.KvStore.Known(42, "recorded", 5)));

    assertEquals(
        List.of(
            new KvEntry("fc/a.conf", 0x4643_01a4L, 42, "recorded", 5),
            new KvEntry("fc/b.conf", 0x4643_01a4L, 43, DigestUtils.sha256Hex("bye"), 3)),
        listing.entries());
  }

  @Test
  void aMissingPrefixIs404WithAnEmptyBodyAndListsNothing() {
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(57)));

    Listing listing = store.list("fc");

    assertEquals(List.of(), listing.entries());
    assertEquals(57, listing.index());
  }

  @Test
  void aNullValueIsAnEmptyValue() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .willReturn(
                kvRead(
                    "[{\"LockIndex\":0,\"Key\":\"fc/empty\",\"Flags\":0,\"Value\":null,"
                        + "\"CreateIndex\":5,\"ModifyIndex\":5}]",
                    5)));

    Listing listing = store.list("fc");

    KvEntry empty = listing.entries().get(0);
    assertEquals(0, empty.size());
    assertEquals(DigestUtils.sha256Hex(new byte[0]), empty.sha256());
    assertArrayEquals(new byte[0], listing.value("fc/empty").orElseThrow());
  }

  @Test
  void flagsAreUnsigned64BitEvenAboveLongMaxValue() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .willReturn(
                kvRead(
                    "[{\"LockIndex\":0,\"Key\":\"fc/other-tool\",\"Flags\":"
                        + FLAGS_ABOVE_LONG_MAX
                        + ",\"Value\":\"eA==\",\"CreateIndex\":7,\"ModifyIndex\":9}]",
                    9)));

    Listing listing = store.list("fc");

    KvEntry e = listing.entries().get(0);
    assertEquals(FLAGS_ABOVE_LONG_MAX, Long.toUnsignedString(e.flags()));
    assertEquals(9, e.modifyIndex());
  }

  @Test
  void theIndexHeaderIsReadWhateverItsCase() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/?recurse"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-consul-index", "1234")
                    .withBody(array(entry("fc/a", bytes("x"), 0, 1234)))));

    assertEquals(1234, store.list("fc").index());
  }

  @Test
  void aDevModeAgentsPrettyPrintedListingParses() {
    String devModeBody =
        """
        [
            {
                "LockIndex": 0,
                "Key": "fc/a.conf",
                "Flags": 1178796452,
                "Value": "aGVsbG8=",
                "CreateIndex": 12,
                "ModifyIndex": 13
            },
            {
                "LockIndex": 1,
                "Key": "fc/locked",
                "Flags": 0,
                "Value": null,
                "Session": "adf4238a-882b-9ddc-4a9d-5b6758e4159e",
                "CreateIndex": 14,
                "ModifyIndex": 14
            }
        ]
        """;
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvRead(devModeBody, 14)));

    Listing listing = store.list("fc");

    assertEquals(
        List.of(
            new KvEntry("fc/a.conf", 1178796452L, 13, DigestUtils.sha256Hex("hello"), 5),
            new KvEntry(
                "fc/locked",
                0,
                14,
                DigestUtils.sha256Hex(new byte[0]),
                0,
                "adf4238a-882b-9ddc-4a9d-5b6758e4159e")),
        listing.entries());
  }

  @Test
  void getsOneKeyWithItsValueFlagsAndIndex() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/a.conf"))
            .willReturn(kvRead(array(entry("fc/a.conf", bytes("hello"), 0x4643_01a4L, 42)), 42)));

    KvValue v = store.get("fc/a.conf").orElseThrow();

    assertEquals("fc/a.conf", v.key());
    assertArrayEquals(bytes("hello"), v.value());
    assertEquals(0x4643_01a4L, v.flags());
    assertEquals(42, v.modifyIndex());
  }

  @Test
  void getOfAMissingKeyIsEmpty() {
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/gone")).willReturn(kvNotFound(57)));

    assertEquals(Optional.empty(), store.get("fc/gone"));
  }

  @Test
  void getReadsANullValueAndUnsignedFlagsFromAPrettyPrintedBody() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/fc/empty"))
            .willReturn(
                kvRead(
                    """
        [
            {
                "LockIndex": 0,
                "Key": "fc/empty",
                "Flags": %s,
                "Value": null,
                "CreateIndex": 5,
                "ModifyIndex": 6
            }
        ]
        """
                        .formatted(FLAGS_ABOVE_LONG_MAX),
                    6)));

    KvValue v = store.get("fc/empty").orElseThrow();

    assertArrayEquals(new byte[0], v.value());
    assertEquals(FLAGS_ABOVE_LONG_MAX, Long.toUnsignedString(v.flags()));
    assertEquals(6, v.modifyIndex());
  }

  @Test
  void everyRequestIsCounted() {
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/?recurse")).willReturn(kvNotFound(1)));
    consul.stubFor(get(urlEqualTo("/v1/kv/fc/a")).willReturn(kvNotFound(1)));

    store.list("fc");
    store.get("fc/a");

    assertEquals(2, store.requestCount());
    assertTrue(requestedUrls().containsAll(List.of("/v1/kv/fc/?recurse", "/v1/kv/fc/a")));
  }

  private List<String> requestedUrls() {
    return consul.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
