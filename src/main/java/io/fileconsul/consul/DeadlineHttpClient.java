package io.fileconsul.consul;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.http.ConnectionClosedException;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.conn.ClientConnectionManager;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.HttpEntityWrapper;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.params.HttpParams;
import org.apache.http.protocol.HttpContext;

/**
 * Gives every request, ours and ecwid's, a deadline, and cuts error bodies short. HttpClient 4 has
 * only per-read timeouts, which a server sending a byte a second never trips, so a timer aborts the
 * request when the deadline passes and what was under way fails as a {@link
 * DeadlineExceededException}. The deadline covers the answer's start and then each MiB of its body
 * ({@link #PROGRESS}): a listing of a gigabyte that streams for minutes is progress, a byte a
 * second is not (one deadline for the whole exchange cut a 1 GB pull off after 30 s). An error body
 * is read up to a cap and the connection dropped rather than drained: a 1.5 GB error page was read
 * whole (ecwid reads bodies into a String).
 */
@SuppressWarnings("deprecation") // getParams and getConnectionManager are abstract in 4.5
final class DeadlineHttpClient extends CloseableHttpClient {
  /**
   * HttpContext attribute: a {@link Duration} replacing the default deadline, for blocking queries
   * only (the time-out message names their options).
   */
  static final String DEADLINE = "fileconsul.deadline";

  /** What a blocking query's deadline is made of (ConsulKvStore.watch). */
  static final String BLOCKING_OPTIONS =
      "--query-wait, 1/16 of it for Consul's jitter, and --timeout";

  /** Messages show 300 characters; a few KiB is plenty for any Consul error text. */
  static final int ERROR_BODY_CAP = 8 * 1024;

  /** A 409 from /v1/txn lists one error per operation (up to 128), which push parses. */
  static final int TXN_ERRORS_CAP = 1024 * 1024;

  /** Each time this much more of a body has arrived, the deadline starts again. */
  static final long PROGRESS = 1024 * 1024;

  private final CloseableHttpClient delegate;
  private final Duration timeout;
  private ScheduledThreadPoolExecutor timer; // made on the first request; guarded by this
  private boolean closed; // guarded by this

  DeadlineHttpClient(CloseableHttpClient delegate, Duration timeout) {
    this.delegate = delegate;
    this.timeout = timeout;
  }

  /** Thrown when the deadline passed, whatever the request was doing then. */
  static final class DeadlineExceededException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    DeadlineExceededException(Duration limit, String options, IOException cause) {
      super("no complete answer within " + limit.toMillis() + "ms (" + options + ")");
      initCause(cause);
    }
  }

  @Override
  protected CloseableHttpResponse doExecute(
      HttpHost target, HttpRequest request, HttpContext context) throws IOException {
    if (!(request instanceof HttpUriRequest abortable)) {
      return delegate.execute(target, request, context); // cannot happen with our callers
    }
    Duration blocking =
        context != null && context.getAttribute(DEADLINE) instanceof Duration d ? d : null;
    Duration limit = blocking != null ? blocking : timeout;
    String options = blocking != null ? BLOCKING_OPTIONS : "--timeout";
    AtomicBoolean fired = new AtomicBoolean();
    Alarm alarm = new Alarm(abortable, fired, limit);
    try {
      alarm.arm();
    } catch (RejectedExecutionException e) {
      return delegate.execute(target, request, context); // closed: fails as a closed client did
    }
    try {
      CloseableHttpResponse response = delegate.execute(target, request, context);
      HttpEntity entity = response.getEntity();
      int status = response.getStatusLine().getStatusCode();
      if (entity == null) {
        alarm.cancel(false);
      } else if (AnswerFraming.unframed(response, entity)) {
        response.close();
        throw new ConnectionClosedException("the connection closed inside the answer's headers");
      } else if (status >= 300) {
        int cap = status == 409 ? TXN_ERRORS_CAP : ERROR_BODY_CAP;
        byte[] head = AnswerFraming.readAtMost(entity.getContent(), cap);
        response.setEntity(new ByteArrayEntity(head, ContentType.get(entity)));
        response.close(); // drops the connection with the rest of the body unread
        alarm.cancel(false);
      } else {
        response.setEntity(new Guarded(entity, fired, limit, options, alarm));
      }
      return response;
    } catch (IOException e) {
      alarm.cancel(false);
      throw fired.get() ? new DeadlineExceededException(limit, options, e) : e;
    } catch (RuntimeException e) {
      alarm.cancel(false);
      throw e;
    }
  }

  /**
   * The abort timer of one exchange. A timer left armed after a response was read fires harmlessly:
   * aborting a request whose connection went back to the pool does nothing.
   */
  private final class Alarm {
    private final HttpUriRequest request;
    private final AtomicBoolean fired;
    private final Duration limit;
    private ScheduledFuture<?> future; // guarded by this

    Alarm(HttpUriRequest request, AtomicBoolean fired, Duration limit) {
      this.request = request;
      this.fired = fired;
      this.limit = limit;
    }

    /** (Re)starts the deadline from now. */
    synchronized void arm() {
      if (future != null) {
        future.cancel(false);
      }
      future =
          timer()
              .schedule(
                  () -> {
                    fired.set(true);
                    request.abort();
                  },
                  limit.toMillis(),
                  TimeUnit.MILLISECONDS);
    }

    synchronized void cancel(boolean interrupt) {
      if (future != null) {
        future.cancel(interrupt);
      }
    }
  }

  private synchronized ScheduledThreadPoolExecutor timer() {
    if (closed) {
      throw new RejectedExecutionException("closed");
    }
    if (timer == null) {
      timer =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "fileconsul-deadline");
                t.setDaemon(true);
                return t;
              });
      timer.setRemoveOnCancelPolicy(true);
    }
    return timer;
  }

  /**
   * A body whose read fails as a timeout once the deadline aborted it; done when read or closed.
   */
  private static final class Guarded extends HttpEntityWrapper {
    private final AtomicBoolean fired;
    private final Duration limit;
    private final String options;
    private final Alarm alarm;
    private long received;
    private long nextStep = PROGRESS;

    Guarded(HttpEntity entity, AtomicBoolean fired, Duration limit, String options, Alarm alarm) {
      super(entity);
      this.fired = fired;
      this.limit = limit;
      this.options = options;
      this.alarm = alarm;
    }

    @Override
    public InputStream getContent() throws IOException {
      return new FilterInputStream(super.getContent()) {
        @Override
        public int read() throws IOException {
          try {
            int b = super.read(); // a byte's value, not a count
            ended(b < 0 ? -1 : 1);
            return b;
          } catch (IOException e) {
            throw translated(e);
          }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          try {
            return ended(super.read(b, off, len));
          } catch (IOException e) {
            throw translated(e);
          }
        }

        @Override
        public void close() throws IOException {
          alarm.cancel(false);
          try {
            super.close();
          } catch (IOException e) {
            throw translated(e);
          }
        }
      };
    }

    private int ended(int r) {
      if (r < 0) {
        alarm.cancel(false);
      } else {
        progressed(r);
      }
      return r;
    }

    /** Another MiB arrived: the answer is moving, so the deadline starts again. */
    private void progressed(int n) {
      received += n;
      if (received >= nextStep && !fired.get()) {
        nextStep = received + PROGRESS;
        try {
          alarm.arm();
        } catch (RejectedExecutionException e) {
          // the client is closing: the read in flight ends with it
        }
      }
    }

    private IOException translated(IOException e) {
      return fired.get() ? new DeadlineExceededException(limit, options, e) : e;
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      closed = true;
      if (timer != null) {
        timer.shutdownNow();
      }
    }
    delegate.close();
  }

  @Override
  public HttpParams getParams() {
    return delegate.getParams();
  }

  @Override
  public ClientConnectionManager getConnectionManager() {
    return delegate.getConnectionManager();
  }
}
