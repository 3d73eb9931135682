package io.fileconsul.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.fileconsul.testing.ConsulStubs.array;
import static io.fileconsul.testing.ConsulStubs.entry;
import static io.fileconsul.testing.ConsulStubs.kvRead;
import static io.fileconsul.testing.ConsulStubs.kvWrite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.store.KvValue;
import io.fileconsul.store.Listing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Consul takes the key from the decoded URL path, so every reserved or non-ASCII byte must be
 * percent-encoded exactly once (never twice, never left raw) while '/' stays literal.
 */
class ConsulKvStoreKeyEncodingTest extends StubbedConsulTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      fc/with space.txt   | /v1/kv/fc/with%20space.txt
      fc/issue#12         | /v1/kv/fc/issue%2312
      fc/why?.md          | /v1/kv/fc/why%3F.md
      fc/100%.txt         | /v1/kv/fc/100%25.txt
      fc/100%25.txt       | /v1/kv/fc/100%2525.txt
      fc/café/menu        | /v1/kv/fc/caf%C3%A9/menu
      fc/日本/設定.conf     | /v1/kv/fc/%E6%97%A5%E6%9C%AC/%E8%A8%AD%E5%AE%9A.conf
      fc/a-b_c.d~e/f      | /v1/kv/fc/a-b_c.d~e/f
      """)
  void getEncodesTheKeyOnce(String key, String expectedUrl) {
    consul.stubFor(
        get(urlEqualTo(expectedUrl)).willReturn(kvRead(array(entry(key, bytes("v"), 0, 3)), 3)));

    KvValue v = store.get(key).orElseThrow();

    assertEquals(key, v.key());
    assertEquals(List.of(expectedUrl), requestedUrls());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      fc/with space.txt   | /v1/kv/fc/with%20space.txt
      fc/issue#12         | /v1/kv/fc/issue%2312
      fc/why?.md          | /v1/kv/fc/why%3F.md
      fc/100%.txt         | /v1/kv/fc/100%25.txt
      fc/café/menu        | /v1/kv/fc/caf%C3%A9/menu
      fc/日本/設定.conf     | /v1/kv/fc/%E6%97%A5%E6%9C%AC/%E8%A8%AD%E5%AE%9A.conf
      """)
  void casPutEncodesTheKeyOnceAndSendsTheBytesAsTheBody(String key, String expectedPath) {
    String expectedUrl = expectedPath + "?cas=17&flags=1178796452";
    consul.stubFor(put(urlEqualTo(expectedUrl)).willReturn(kvWrite(true)));

    assertTrue(store.putCas(key, bytes("new"), 1178796452L, 17));

    assertEquals(List.of(expectedUrl), requestedUrls());
    assertArrayEquals(bytes("new"), consul.getAllServeEvents().get(0).getRequest().getBody());
  }

  @Test
  void aPrefixWithASpaceIsEncodedInTheListingUrl() {
    consul.stubFor(
        get(urlEqualTo("/v1/kv/my%20app/?recurse"))
            .willReturn(kvRead(array(entry("my app/x", bytes("1"), 0, 2)), 2)));

    Listing listing = store.list("my app");

    assertEquals("my app/x", listing.entries().get(0).key());
    assertEquals(List.of("/v1/kv/my%20app/?recurse"), requestedUrls());
  }

  private List<String> requestedUrls() {
    return consul.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
