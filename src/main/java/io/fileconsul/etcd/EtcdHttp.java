package io.fileconsul.etcd;

import java.util.List;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.util.PublicSuffixMatcher;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * The HTTP client for the gateway, set up as the Consul adapter's is (consul/HttpClients; adapters
 * do not share code): no redirects, no automatic retries (a write that failed may have been
 * applied), no cookies or compression, no public-suffix list or trust store loaded for plain http.
 */
final class EtcdHttp {
  private EtcdHttp() {}

  static CloseableHttpClient create(EtcdSettings settings) {
    int timeoutMs = (int) settings.timeout().toMillis();
    RequestConfig config =
        RequestConfig.custom()
            .setConnectTimeout(Math.min(timeoutMs, 10_000))
            .setConnectionRequestTimeout(timeoutMs)
            .setSocketTimeout(timeoutMs)
            .setRedirectsEnabled(false)
            .build();
    RegistryBuilder<ConnectionSocketFactory> schemes =
        RegistryBuilder.<ConnectionSocketFactory>create()
            .register("http", PlainConnectionSocketFactory.getSocketFactory());
    if (settings.https()) {
      schemes.register("https", EtcdTls.socketFactory(settings.tls()));
    }
    PoolingHttpClientConnectionManager pool =
        new PoolingHttpClientConnectionManager(schemes.build());
    pool.setMaxTotal(8);
    pool.setDefaultMaxPerRoute(8);
    return org.apache.http.impl.client.HttpClients.custom()
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableContentCompression()
        .setDefaultRequestConfig(config)
        .setConnectionManager(pool)
        .setPublicSuffixMatcher(new PublicSuffixMatcher(List.of(), List.of()))
        .setUserAgent("fileconsul")
        .build();
  }
}
