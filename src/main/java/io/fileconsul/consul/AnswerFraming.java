package io.fileconsul.consul;

import java.io.IOException;
import java.io.InputStream;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.HttpVersion;

/** How much of an answer arrived, judged before its body is handed on (see DeadlineHttpClient). */
final class AnswerFraming {
  private AnswerFraming() {}

  /**
   * Consul frames every body (Content-Length or chunked) on a kept-alive HTTP/1.1 connection. An
   * answer with neither, and no "Connection: close" to end its body, had its headers cut short
   * (httpclient takes the end of the stream as their end): its body would read as empty, and a cut
   * connection be reported as "not Consul".
   */
  static boolean unframed(HttpResponse response, HttpEntity entity) {
    return entity.getContentLength() < 0
        && !entity.isChunked()
        && response.getProtocolVersion().greaterEquals(HttpVersion.HTTP_1_1)
        && !response.containsHeader("Connection");
  }

  /** Up to {@code cap} bytes of an error body, never the whole of a hostile one. */
  static byte[] readAtMost(InputStream in, int cap) throws IOException {
    byte[] buf = new byte[cap];
    int n = 0;
    for (int r; n < cap && (r = in.read(buf, n, cap - n)) >= 0; ) {
      n += r;
    }
    return java.util.Arrays.copyOf(buf, n);
  }
}
