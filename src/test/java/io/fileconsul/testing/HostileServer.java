package io.fileconsul.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP listener on a free port that misbehaves as no stub library can: it trickles a response a
 * byte at a time for ever, or streams an endless error body. Counts the bytes it got out.
 */
public final class HostileServer implements AutoCloseable {
  /** What each connection answers. */
  public enum Behaviour {
    TRICKLE,
    ENDLESS_ERROR_BODY,
    /**
     * A valid listing of one 6 MiB value, sent at about 2 MiB/s: the whole answer takes longer than
     * a 1 s timeout, each MiB of it well under.
     */
    STEADY_LARGE_LISTING
  }

  /** The value STEADY_LARGE_LISTING lists under key fc/big. */
  public static final int STEADY_VALUE_BYTES = 6 * 1024 * 1024;

  private final ServerSocket socket;
  private final Behaviour behaviour;
  private final long trickleMillis;
  private final AtomicLong written = new AtomicLong();

  public HostileServer(Behaviour behaviour, long trickleMillis) throws IOException {
    this.socket = new ServerSocket(0);
    this.behaviour = behaviour;
    this.trickleMillis = trickleMillis;
    Thread accept = new Thread(this::acceptLoop, "hostile-server");
    accept.setDaemon(true);
    accept.start();
  }

  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /** Bytes of responses the clients took in (or the kernel buffered for them). */
  public long bytesWritten() {
    return written.get();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> answer(s), "hostile-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void answer(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      readHead(in);
      if (behaviour == Behaviour.TRICKLE) {
        // A valid, never-ending header: each byte comes well inside any per-read timeout.
        byte[] head = "HTTP/1.1 200 OK\r\nX-Pad: ".getBytes(StandardCharsets.US_ASCII);
        for (long i = 0; ; i++) {
          out.write(i < head.length ? head[(int) i] : 'a');
          out.flush();
          written.incrementAndGet();
          Thread.sleep(trickleMillis); // pacing the hostile peer, not waiting in a test
        }
      }
      if (behaviour == Behaviour.STEADY_LARGE_LISTING) {
        steadyListing(out);
        return;
      }
      out.write(
          ("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
                  + "Content-Length: 1500000000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'x');
      for (long sent = 0; sent < 1_500_000_000L; sent += chunk.length) {
        out.write(chunk);
        written.addAndGet(chunk.length);
      }
    } catch (IOException e) {
      // the client hung up, which is what a capped read does
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void steadyListing(OutputStream out) throws IOException, InterruptedException {
    String value = java.util.Base64.getEncoder().encodeToString(new byte[STEADY_VALUE_BYTES]);
    byte[] body =
        ("[{\"LockIndex\":0,\"Key\":\"fc/big\",\"Flags\":0,\"Value\":\""
                + value
                + "\",\"CreateIndex\":5,\"ModifyIndex\":5}]")
            .getBytes(StandardCharsets.US_ASCII);
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Consul-Index: 5\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    int chunk = 128 * 1024;
    for (int off = 0; off < body.length; off += chunk) {
      out.write(body, off, Math.min(chunk, body.length - off));
      out.flush();
      written.addAndGet(Math.min(chunk, body.length - off));
      Thread.sleep(60); // pacing the peer: ~2 MiB/s, so 8 MiB of body take ~4 s
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int state = 0;
    for (int b; state < 4 && (b = in.read()) >= 0; ) {
      state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
