package io.fileconsul.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EtcdSettingsTest {
  @Test
  void endpointsAreParsedAsEtcdctlTakesThem() {
    assertEquals(
        List.of(
            URI.create("http://10.0.0.1:2379"),
            URI.create("https://h2:2380"),
            URI.create("http://h3:2379"),
            URI.create("https://h4:2379")),
        EtcdSettings.parseEndpoints("10.0.0.1:2379, etcds://h2:2380,etcd://h3,https://h4/"));
    assertThrows(IllegalArgumentException.class, () -> EtcdSettings.parseEndpoints("ftp://h:1"));
    assertThrows(IllegalArgumentException.class, () -> EtcdSettings.parseEndpoints("h:1/path"));
  }

  @Test
  void describeNamesTheEndpointsAndToStringNeverThePassword() {
    EtcdSettings s =
        new EtcdSettings(
            EtcdSettings.parseEndpoints("a:1,etcds://b:2"),
            Optional.of("deploy"),
            Optional.of("s3cret-pw"),
            new EtcdSettings.Tls(true, Optional.empty(), Optional.empty(), Optional.empty()),
            Duration.ofSeconds(30));
    assertEquals("etcd://a:1,etcds://b:2", s.describe());
    assertTrue(s.https());
    assertFalse(s.toString().contains("s3cret-pw"), s::toString);
  }

  @Test
  void aRangeEndStopsRightAfterThePrefix() {
    assertEquals(EtcdJson.b64("p0"), EtcdJson.rangeEnd("p/"));
    assertEquals(
        java.util.Base64.getEncoder().encodeToString(new byte[] {'a', 'c'}),
        EtcdJson.rangeEnd("ab"));
  }
}
