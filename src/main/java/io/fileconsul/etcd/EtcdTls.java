package io.fileconsul.etcd;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.conn.ssl.TrustAllStrategy;
import org.apache.http.ssl.SSLContextBuilder;
import org.apache.http.ssl.SSLContexts;

/** TLS for etcds:// endpoints from PEM files, as consul/HttpClients sets it up for Consul. */
final class EtcdTls {
  private EtcdTls() {}

  static SSLConnectionSocketFactory socketFactory(EtcdSettings.Tls tls) {
    try {
      HostnameVerifier verifier =
          tls.verify() ? new DefaultHostnameVerifier() : NoopHostnameVerifier.INSTANCE;
      return new SSLConnectionSocketFactory(context(tls), null, null, verifier);
    } catch (GeneralSecurityException | IOException e) {
      throw new FileconsulException(ExitCode.USAGE, "cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static SSLContext context(EtcdSettings.Tls tls)
      throws GeneralSecurityException, IOException {
    if (tls.clientCert().isPresent() != tls.clientKey().isPresent()) {
      throw new FileconsulException(
          ExitCode.USAGE,
          "both a client certificate and a client key must be given (--client-cert and"
              + " --client-key, or ETCDCTL_CERT and ETCDCTL_KEY)");
    }
    SSLContextBuilder builder = SSLContexts.custom();
    if (tls.clientCert().isPresent()) {
      KeyStore client = emptyStore();
      client.setKeyEntry(
          "client",
          EtcdPem.privateKey(tls.clientKey().get()),
          new char[0],
          EtcdPem.certificates(tls.clientCert().get()).toArray(new X509Certificate[0]));
      builder.loadKeyMaterial(client, new char[0]);
    }
    if (!tls.verify()) {
      builder.loadTrustMaterial(TrustAllStrategy.INSTANCE);
    } else if (tls.caCert().isPresent()) {
      KeyStore trust = emptyStore();
      int i = 0;
      for (X509Certificate ca : EtcdPem.certificates(tls.caCert().get())) {
        trust.setCertificateEntry("ca" + i++, ca);
      }
      builder.loadTrustMaterial(trust, null);
    }
    return builder.build();
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    return ks;
  }
}
