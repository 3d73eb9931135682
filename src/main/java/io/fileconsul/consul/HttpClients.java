package io.fileconsul.consul;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.tls.TlsContexts;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.conn.util.PublicSuffixMatcher;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.protocol.HttpContext;

/**
 * Builds the one HTTP client fileconsul uses, also the one ecwid's transport sends on
 * (ConsulTransport): a deadline for each whole request and capped error bodies ({@link
 * DeadlineHttpClient}), no redirects (a redirected PUT must never turn into something else), no
 * automatic retries (a write that hit an error may still have been applied), the token only as the
 * X-Consul-Token header.
 */
final class HttpClients {
  private HttpClients() {}

  static CloseableHttpClient create(ConsulSettings settings) {
    int timeoutMs = (int) settings.timeout().toMillis();
    RequestConfig config =
        RequestConfig.custom()
            .setConnectTimeout(Math.min(timeoutMs, 10_000))
            .setConnectionRequestTimeout(timeoutMs)
            .setSocketTimeout(timeoutMs)
            .setRedirectsEnabled(false)
            .build();
    HttpClientBuilder builder =
        org.apache.http.impl.client.HttpClients.custom()
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            // Consul is usually on loopback; compressing large listings costs more CPU than it
            // saves.
            .disableContentCompression()
            .setDefaultRequestConfig(config)
            .setConnectionManager(connectionPool(settings))
            // Only cookies and httpclient's own default hostname verifier use it, and we use
            // neither; the default loads and parses the whole public suffix list at startup.
            .setPublicSuffixMatcher(new PublicSuffixMatcher(List.of(), List.of()))
            .setUserAgent("fileconsul");
    settings
        .token()
        .ifPresent(
            token ->
                builder.addInterceptorLast(
                    (HttpRequestInterceptor)
                        (request, context) -> request.setHeader("X-Consul-Token", token)));
    settings
        .httpAuth()
        .ifPresent(
            auth -> {
              // as the consul CLI: sent on every request, not after a 401 challenge
              String basic =
                  "Basic "
                      + java.util.Base64.getEncoder()
                          .encodeToString(auth.getBytes(java.nio.charset.StandardCharsets.UTF_8));
              builder.addInterceptorLast(
                  (HttpRequestInterceptor)
                      (request, context) -> request.setHeader("Authorization", basic));
            });
    return new DeadlineHttpClient(builder.build(), settings.timeout());
  }

  /**
   * The pool HttpClientBuilder would make, except that an http address gets no TLS socket factory:
   * the builder's default one loads the JDK trust store, a large share of a short run's startup.
   */
  private static PoolingHttpClientConnectionManager connectionPool(ConsulSettings settings) {
    RegistryBuilder<ConnectionSocketFactory> schemes =
        RegistryBuilder.<ConnectionSocketFactory>create()
            .register("http", PlainConnectionSocketFactory.getSocketFactory());
    if (settings.https()) {
      schemes.register("https", sslSocketFactory(settings.tls()));
    }
    PoolingHttpClientConnectionManager pool =
        new PoolingHttpClientConnectionManager(schemes.build());
    pool.setMaxTotal(8);
    pool.setDefaultMaxPerRoute(8);
    return pool;
  }

  private static SSLConnectionSocketFactory sslSocketFactory(ConsulSettings.Tls tls) {
    try {
      SSLContext context = sslContext(tls);
      HostnameVerifier verifier =
          tls.verify() ? new DefaultHostnameVerifier() : NoopHostnameVerifier.INSTANCE;
      return new SSLConnectionSocketFactory(context, null, null, verifier) {
        @Override
        public Socket createLayeredSocket(
            Socket socket, String target, int port, HttpContext httpContext) throws IOException {
          // CONSUL_TLS_SERVER_NAME replaces the host both for SNI and for verification.
          return super.createLayeredSocket(
              socket, tls.serverName().orElse(target), port, httpContext);
        }
      };
    } catch (GeneralSecurityException | IOException e) {
      throw new FileconsulException(ExitCode.USAGE, "cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static SSLContext sslContext(ConsulSettings.Tls tls)
      throws GeneralSecurityException, IOException {
    return TlsContexts.of(
        tls.verify(),
        tls.caCert(),
        tls.clientCert(),
        tls.clientKey(),
        "CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY");
  }
}
