package io.fileconsul.tls;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.http.conn.ssl.TrustAllStrategy;
import org.apache.http.ssl.SSLContextBuilder;
import org.apache.http.ssl.SSLContexts;

/**
 * The TLS context both backends build from PEM files: an optional client certificate and key, the
 * given CA certificates (else the JDK's trust store), or no verification at all when the user
 * turned it off.
 */
public final class TlsContexts {
  private TlsContexts() {}

  /**
   * @param pairHint the options that give the client pair, for the error when only one is given
   */
  public static SSLContext of(
      boolean verify,
      Optional<Path> caCert,
      Optional<Path> clientCert,
      Optional<Path> clientKey,
      String pairHint)
      throws GeneralSecurityException, IOException {
    if (clientCert.isPresent() != clientKey.isPresent()) {
      throw new FileconsulException(
          ExitCode.USAGE,
          "both a client certificate and a client key must be given (" + pairHint + ")");
    }
    SSLContextBuilder builder = SSLContexts.custom();
    if (clientCert.isPresent()) {
      KeyStore client = emptyStore();
      client.setKeyEntry(
          "client",
          PemFiles.privateKey(clientKey.get()),
          new char[0],
          PemFiles.certificates(clientCert.get()).toArray(new X509Certificate[0]));
      builder.loadKeyMaterial(client, new char[0]);
    }
    if (!verify) {
      builder.loadTrustMaterial(TrustAllStrategy.INSTANCE);
    } else if (caCert.isPresent()) {
      KeyStore trust = emptyStore();
      int i = 0;
      for (X509Certificate ca : PemFiles.certificates(caCert.get())) {
        trust.setCertificateEntry("ca" + i++, ca);
      }
      builder.loadTrustMaterial(trust, null);
    }
    // With no CA file the JDK's default trust store applies.
    return builder.build();
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    return ks;
  }
}
