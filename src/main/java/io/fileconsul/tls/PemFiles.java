package io.fileconsul.tls;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files the consul CLI and etcdctl take (CONSUL_CACERT/ETCDCTL_CACERT and the client
 * certificate and key). Keys may be PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC
 * PRIVATE KEY", what {@code consul tls cert create} writes); the JDK reads only PKCS#8, so the
 * others are wrapped.
 */
public final class PemFiles {
  private static final Pattern KEY_BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([^-]+)-----END \\1PRIVATE KEY-----");
  private static final byte[] RSA_OID = {
    0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1
  };
  private static final byte[] EC_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 2, 1};

  private PemFiles() {}

  public static List<X509Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certs.isEmpty()) {
        throw bad(file, "no certificate in it");
      }
      return certs;
    } catch (IOException | GeneralSecurityException e) {
      throw bad(file, e.getMessage());
    }
  }

  public static PrivateKey privateKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file);
    } catch (IOException e) {
      throw bad(file, e.toString());
    }
    Matcher m = KEY_BLOCK.matcher(pem);
    if (!m.find()) {
      throw bad(file, "no PEM private key block in it");
    }
    String type = m.group(1).trim();
    byte[] der = Base64.getMimeDecoder().decode(m.group(2).trim());
    byte[] pkcs8;
    switch (type) {
      case "" -> pkcs8 = der;
      case "RSA" -> pkcs8 = pkcs8(seq(tlv(0x06, RSA_OID), new byte[] {0x05, 0x00}), der);
      case "EC" -> pkcs8 = pkcs8(seq(tlv(0x06, EC_OID), curveOid(der, file)), der);
      default ->
          throw bad(
              file,
              "'"
                  + type
                  + " PRIVATE KEY' is not supported; convert it with"
                  + " 'openssl pkcs8 -topk8 -nocrypt'");
    }
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw bad(file, "the private key is of an unsupported kind");
  }

  /** The named-curve OID inside a SEC1 ECPrivateKey: the element tagged [0]. */
  private static byte[] curveOid(byte[] sec1, Path file) {
    int[] pos = {0};
    readHeader(sec1, pos, 0x30);
    while (pos[0] < sec1.length) {
      int tag = sec1[pos[0]] & 0xff;
      int len = readHeader(sec1, pos, tag);
      if (tag == 0xa0) {
        byte[] oid = new byte[len];
        System.arraycopy(sec1, pos[0], oid, 0, len);
        return oid;
      }
      pos[0] += len;
    }
    throw bad(file, "the EC key names no curve");
  }

  private static int readHeader(byte[] der, int[] pos, int expectedTag) {
    if ((der[pos[0]++] & 0xff) != expectedTag) {
      throw new IllegalArgumentException("unexpected DER tag");
    }
    int len = der[pos[0]++] & 0xff;
    if (len >= 0x80) {
      int n = len & 0x7f;
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (der[pos[0]++] & 0xff);
      }
    }
    return len;
  }

  private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] key) {
    return seq(new byte[] {0x02, 0x01, 0x00}, algorithmIdentifier, tlv(0x04, key));
  }

  private static byte[] seq(byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      body.writeBytes(p);
    }
    return tlv(0x30, body.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    out.write(tag);
    int len = value.length;
    if (len < 0x80) {
      out.write(len);
    } else {
      int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(len >>> (8 * i));
      }
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static FileconsulException bad(Path file, String why) {
    return new FileconsulException(ExitCode.USAGE, "cannot use TLS file " + file + ": " + why);
  }
}
