package io.fileconsul.etcd;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.tls.TlsContexts;
import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;

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
    return TlsContexts.of(
        tls.verify(),
        tls.caCert(),
        tls.clientCert(),
        tls.clientKey(),
        "--client-cert and --client-key, or ETCDCTL_CERT and ETCDCTL_KEY");
  }
}
