package io.fileconsul.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * A fuzz input as a stream that hands out at most a few bytes per read, as a slow network does: the
 * first byte of the input sets the chunk size (1 to 16, or 0: everything at once), so the fuzzer
 * also explores a parser's buffer refills in the middle of a token.
 */
public final class Trickle extends InputStream {
  private final ByteArrayInputStream in;
  private final int chunk;

  private Trickle(byte[] data) {
    this.in = new ByteArrayInputStream(data, 1, Math.max(0, data.length - 1));
    this.chunk = data.length == 0 ? 0 : (data[0] & 0xff) % 17;
  }

  public static InputStream of(byte[] data) {
    return new Trickle(data);
  }

  @Override
  public int read() {
    return in.read();
  }

  @Override
  public int read(byte[] b, int off, int len) {
    return in.read(b, off, chunk == 0 ? len : Math.min(len, chunk));
  }
}
