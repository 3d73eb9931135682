package io.fileconsul.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback between fileconsul and an agent that breaks the answer to one kind of
 * request: once a request containing {@code trigger} passes through a connection, the answer is
 * reset (RST), cut short (FIN) or held forever after {@code afterBytes} bytes. Written here rather
 * than building Toxiproxy: four faults in 150 lines, no binary to build, and the trigger is a
 * request, which Toxiproxy's byte-level toxics cannot pick out on a kept-alive connection.
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
  private volatile Fault fault = Fault.NONE;
  private volatile String trigger = "";
  private volatile int afterBytes;

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

  /** Passes everything from now on (connections already broken stay broken). */
  public void heal() {
    fault = Fault.NONE;
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
          }
          out.write(buf, 0, n);
          out.flush();
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
            out.write(buf, 0, n);
            forwarded += n;
            continue;
          }
          long room = Math.max(0, armedAt + afterBytes - forwarded);
          int pass = (int) Math.min(room, n);
          out.write(buf, 0, pass);
          out.flush();
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
