package io.fileconsul.consul;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes a key for a /v1/kv URL, keeping only '/' and RFC 3986 unreserved characters
 * literal. Consul takes the key from the decoded path, so '#', '?', '%', spaces and non-ASCII
 * characters round-trip exactly.
 */
final class KeyEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private KeyEncoding() {}

  static String encodePath(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c) || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(int c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
