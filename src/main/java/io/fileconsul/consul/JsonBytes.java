package io.fileconsul.consul;

import com.google.gson.stream.MalformedJsonException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A pull parser over the bytes of a JSON document, for the one large document fileconsul reads: a
 * KV listing, which is mostly base64 text. gson reads chars, so the listing's 113 MB (10,000 files)
 * went through a UTF-8 decoder, a StringBuilder per long string, a String, and back to bytes for
 * the base64 decoder: most of the client's CPU in a full listing (JFR, issue 9). Here a string
 * without escapes is one copy from the read buffer. Anything that is not JSON is a {@link
 * MalformedJsonException}, as gson reports it, since the server's answer is untrusted input.
 */
final class JsonBytes {
  private static final int MAX_DEPTH = 64;
  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private long consumed; // bytes before buf[0], for error positions
  private final ByteArrayOutputStream scratch = new ByteArrayOutputStream();

  JsonBytes(InputStream in) {
    this.in = in;
  }

  /** The next significant byte, not consumed; -1 at the end of the input. */
  int peek() throws IOException {
    while (true) {
      while (pos < limit) {
        byte b = buf[pos];
        if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
          return b & 0xff;
        }
        pos++;
      }
      if (!fill()) {
        return -1;
      }
    }
  }

  void expect(char c) throws IOException {
    if (peek() != c) {
      throw syntax("expected '" + c + "'");
    }
    pos++;
  }

  /**
   * After an element of an array or object: true if another follows (its comma consumed), false at
   * {@code close} (consumed).
   */
  boolean more(char close) throws IOException {
    int c = peek();
    if (c == ',') {
      pos++;
      return true;
    }
    if (c == close) {
      pos++;
      return false;
    }
    throw syntax("expected ',' or '" + close + "'");
  }

  /** True, and consumed, if {@code close} comes next: an empty array or object. */
  boolean empty(char close) throws IOException {
    if (peek() == close) {
      pos++;
      return true;
    }
    return false;
  }

  /** Consumes {@code null} if it comes next. */
  boolean nextIsNull() throws IOException {
    if (peek() != 'n') {
      return false;
    }
    literal("null");
    return true;
  }

  /** A string, decoded. */
  String nextString() throws IOException {
    return new String(nextStringBytes(), StandardCharsets.UTF_8);
  }

  /** A string's UTF-8 bytes, escapes decoded. */
  byte[] nextStringBytes() throws IOException {
    expect('"');
    scratch.reset();
    while (true) {
      int start = pos;
      while (pos < limit) {
        byte b = buf[pos];
        if (b == '"' || b == '\\' || (b >= 0 && b < 0x20)) {
          break;
        }
        pos++;
      }
      if (pos < limit && buf[pos] == '"' && scratch.size() == 0) {
        pos++;
        return Arrays.copyOfRange(buf, start, pos - 1);
      }
      scratch.write(buf, start, pos - start);
      if (pos == limit) {
        if (!fill()) {
          throw syntax("unterminated string");
        }
        continue;
      }
      byte b = buf[pos++];
      if (b == '"') {
        return scratch.toByteArray();
      }
      if (b != '\\') {
        throw syntax("control character in a string");
      }
      escape();
    }
  }

  /** A number's text (checked by whoever parses it). */
  String nextNumber() throws IOException {
    int c = peek();
    if (c != '-' && (c < '0' || c > '9')) {
      throw syntax("expected a number");
    }
    StringBuilder s = new StringBuilder();
    while (true) {
      if (pos == limit && !fill()) {
        return s.toString();
      }
      byte b = buf[pos];
      if ((b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E') {
        s.append((char) b);
        pos++;
      } else {
        return s.toString();
      }
    }
  }

  /** Skips one value of any kind, nested at most {@value #MAX_DEPTH} deep. */
  void skipValue() throws IOException {
    skipValue(0);
  }

  private void skipValue(int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw syntax("nested too deeply");
    }
    int c = peek();
    switch (c) {
      case '"' -> nextStringBytes();
      case '{' -> {
        pos++;
        if (!empty('}')) {
          do {
            nextStringBytes();
            expect(':');
            skipValue(depth + 1);
          } while (more('}'));
        }
      }
      case '[' -> {
        pos++;
        if (!empty(']')) {
          do {
            skipValue(depth + 1);
          } while (more(']'));
        }
      }
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> nextNumber();
    }
  }

  private void escape() throws IOException {
    int e = read();
    switch (e) {
      case '"', '\\', '/' -> scratch.write(e);
      case 'b' -> scratch.write('\b');
      case 'f' -> scratch.write('\f');
      case 'n' -> scratch.write('\n');
      case 'r' -> scratch.write('\r');
      case 't' -> scratch.write('\t');
      case 'u' -> {
        int cp = hex4();
        if (Character.isHighSurrogate((char) cp) && lookingAt("\\u")) {
          pos += 2;
          int low = hex4();
          if (Character.isLowSurrogate((char) low)) {
            cp = Character.toCodePoint((char) cp, (char) low);
          } else {
            utf8(cp);
            cp = low;
          }
        }
        utf8(cp);
      }
      default -> throw syntax("bad escape in a string");
    }
  }

  private void utf8(int cp) {
    byte[] b =
        Character.isSurrogate((char) cp) && cp < 0x10000
            ? "\uFFFD"
                .getBytes(StandardCharsets.UTF_8) // a lone surrogate, as Go's decoder reads it
            : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    scratch.write(b, 0, b.length);
  }

  private int hex4() throws IOException {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(read(), 16);
      if (d < 0) {
        throw syntax("bad \\u escape");
      }
      v = v * 16 + d;
    }
    return v;
  }

  private boolean lookingAt(String s) throws IOException {
    while (limit - pos < s.length()) {
      if (!fillKeeping()) {
        return false;
      }
    }
    for (int i = 0; i < s.length(); i++) {
      if (buf[pos + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void literal(String word) throws IOException {
    if (!lookingAt(word)) {
      throw syntax("unexpected character");
    }
    pos += word.length();
  }

  private int read() throws IOException {
    if (pos == limit && !fill()) {
      throw syntax("unexpected end of input");
    }
    return buf[pos++] & 0xff;
  }

  /** Refills an exhausted buffer. */
  private boolean fill() throws IOException {
    consumed += limit;
    pos = 0;
    limit = 0;
    return fillKeeping();
  }

  /** Reads more after what is left unconsumed, moved to the front. */
  private boolean fillKeeping() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      consumed += pos;
      limit -= pos;
      pos = 0;
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n <= 0) {
      return false;
    }
    limit += n;
    return true;
  }

  private MalformedJsonException syntax(String what) {
    return new MalformedJsonException(what + " at byte " + (consumed + pos));
  }
}
