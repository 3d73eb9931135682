package io.fileconsul.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between fileconsul and an agent that breaks the answer to one kind of
 * request: once a request containing {@code trigger} passes through a connection, the answer is
 * reset (RST), cut short (FIN) or held forever after {@code afterBytes} bytes. It can also slow the
 * link down (a latency added to every chunk in both directions, a bandwidth cap) and reset every
 * connection open now. Written here rather than building Toxiproxy: seven faults in about 260
 * lines, no Go binary to build or process to manage, and the trigger is a request, which
 * Toxiproxy's byte-level toxics cannot pick out on a kept-alive connection.
 */
public final class FaultProxy implements AutoCloseable {
  /** What happens to the triggering request's answer. */
  public enum Fault {
    NONE,
    RESET,
    TRUNCATE,
    HANG
  }

  private final ServerSocket server;
  private final String upstreamHost;
  private final int upstreamPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final AtomicLong triggered = new AtomicLong();
  private volatile Fault fault = Fault.NONE;
  private volatile String trigger = "";
  private volatile int afterBytes;
  private volatile long latencyMillis;
  private volatile long bytesPerSecond;
  private final AtomicLong answered = new AtomicLong();

  public FaultProxy(String upstream) throws IOException {
    int colon = upstream.lastIndexOf(':');
    this.upstreamHost = upstream.substring(0, colon);
    this.upstreamPort = Integer.parseInt(upstream.substring(colon + 1));
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "fault-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  /** host:port to give fileconsul as --addr. */
  public String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  public void inject(Fault f, String requestContains, int afterResponseBytes) {
    trigger = requestContains;
    afterBytes = afterResponseBytes;
    fault = f;
  }

  /**
   * Holds every chunk read, in either direction, for {@code perChunk} before passing it on. Not a
   * pipelined link: an answer that arrives in n reads is n times late, so keep answers small.
   */
  public void latency(Duration perChunk) {
    latencyMillis = perChunk.toMillis();
  }

  /** Caps each direction of each connection at about this many bytes a second (0: no cap). */
  public void bandwidth(long capBytesPerSecond) {
    bytesPerSecond = capBytesPerSecond;
  }

  /**
   * Resets (RST) every connection open now, e.g. a blocking query waiting for its answer, as a
   * restarted middlebox or a dropped NAT entry would. Later connections are not affected.
   */
  public void resetOpenConnections() {
    for (Connection c : connections) {
      try {
        c.breakAnswer(Fault.RESET);
      } catch (IOException e) {
        // closed already
      }
    }
    connections.clear();
  }

  /** How many requests have set off the injected fault so far. */
  public long faultsTriggered() {
    return triggered.get();
  }

  /** Bytes of answers passed to fileconsul so far, for throughput figures. */
  public long answeredBytes() {
    return answered.get();
  }

  /**
   * Passes everything at full speed from now on (connections already broken stay broken, and a
   * chunk already held finishes its wait).
   */
  public void heal() {
    fault = Fault.NONE;
    latencyMillis = 0;
    bytesPerSecond = 0;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(upstreamHost, upstreamPort);
        open.add(client);
        open.add(upstream);
        Connection c = new Connection(client, upstream);
        connections.add(c);
        daemon(c::requests, "fault-proxy-requests");
        daemon(c::answers, "fault-proxy-answers");
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private final class Connection {
    private final Socket client;
    private final Socket upstream;
    private volatile Fault armed = Fault.NONE;
    private volatile long armedAt;

    Connection(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void requests() {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = client.getInputStream();
          OutputStream out = upstream.getOutputStream()) {
        for (int n; (n = in.read(buf)) > 0; ) {
          // Armed before the request goes on, so its answer cannot overtake the decision.
          String seen = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
          if (fault != Fault.NONE && !trigger.isEmpty() && seen.contains(trigger)) {
            armedAt = forwarded;
            armed = fault;
            triggered.incrementAndGet();
          }
          forward(out, buf, n);
        }
      } catch (IOException e) {
        // either side went away
      }
    }

    private volatile long forwarded;

    void answers() {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = upstream.getInputStream();
          OutputStream out = client.getOutputStream()) {
        for (int n; (n = in.read(buf)) > 0; ) {
          Fault f = armed;
          if (f == Fault.NONE) {
            forward(out, buf, n);
            answered.addAndGet(n);
            forwarded += n;
            continue;
          }
          long room = Math.max(0, armedAt + afterBytes - forwarded);
          int pass = (int) Math.min(room, n);
          forward(out, buf, pass);
          answered.addAndGet(pass);
          forwarded += pass;
          if (pass < n || f == Fault.HANG && room == 0) {
            if (f == Fault.HANG) {
              drainForever(in, buf);
            }
            breakAnswer(f);
            return;
          }
        }
      } catch (IOException e) {
        // either side went away
      }
    }

    /** Writes one chunk read from the other side, late and paced if the link is slowed. */
    private void forward(OutputStream out, byte[] buf, int n) throws IOException {
      pause(latencyMillis);
      long cap = bytesPerSecond;
      // 20 slices a second: the pace is even at the scale of a deadline, not one burst a second
      int slice = cap <= 0 ? n : (int) Math.max(1, Math.min(n, cap / 20));
      for (int off = 0; off < n; off += slice) {
        int len = Math.min(slice, n - off);
        out.write(buf, off, len);
        out.flush();
        if (cap > 0) {
          pause(len * 1000L / cap);
        }
      }
    }

    /** The fault itself (a slow link), not a test waiting for something. */
    private void pause(long millis) throws IOException {
      if (millis <= 0) {
        return;
      }
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("proxy interrupted", e);
      }
    }

    /** Reads the rest and sends none of it, holding the client's socket open: a half-open agent. */
    private void drainForever(InputStream in, byte[] buf) throws IOException {
      while (in.read(buf) > 0) {
        // dropped
      }
    }

    private void breakAnswer(Fault f) throws IOException {
      switch (f) {
        case RESET -> {
          client.setSoLinger(true, 0); // close sends RST
          client.close();
          upstream.close();
        }
        case TRUNCATE -> {
          client.shutdownOutput(); // FIN mid-answer
          upstream.close();
        }
        case HANG -> client.close(); // the agent closed its side; only now does ours go

        case NONE -> throw new IllegalStateException();
      }
    }
  }
}
