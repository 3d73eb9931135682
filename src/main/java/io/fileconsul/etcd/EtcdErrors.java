package io.fileconsul.etcd;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;

/**
 * Turns the gateway's answers ({@code {"code": <gRPC code>, "message": ...}}) and transport
 * failures into the exit-code contract, with a next step: 3 a compare failed, 4 refused before
 * writing, 5 unreachable or no leader or timed out, 6 permission denied or authentication failed.
 */
final class EtcdErrors {
  private static final int MAX_TEXT = 300;

  /** gRPC status codes the gateway passes on. */
  static final int INVALID_ARGUMENT = 3;

  static final int PERMISSION_DENIED = 7;
  static final int OUT_OF_RANGE = 11;
  static final int UNAVAILABLE = 14;
  static final int UNAUTHENTICATED = 16;

  private static final String CREDENTIALS =
      "check --user, --password-file, ETCDCTL_USER or ETCDCTL_PASSWORD";

  private EtcdErrors() {}

  static FileconsulException status(String where, int http, int code, String message) {
    String text = oneLine(message);
    String said = text.isEmpty() ? "HTTP " + http : "\"" + text + "\"";
    if (code == PERMISSION_DENIED || http == 403) {
      return new FileconsulException(
          ExitCode.DENIED,
          "etcd at "
              + where
              + " denied access ("
              + said
              + "); "
              + CREDENTIALS
              + ", and the user's role on the prefix");
    }
    if (code == UNAUTHENTICATED
        || http == 401
        || text.contains("authentication failed")
        || text.contains("user name is empty")
        || text.contains("invalid auth token")) {
      return new FileconsulException(
          ExitCode.DENIED,
          "etcd at " + where + " refused the login (" + said + "); " + CREDENTIALS);
    }
    if (text.contains("request is too large")) {
      return new FileconsulException(
          ExitCode.REFUSED,
          "etcd at "
              + where
              + " refused a request as too large ("
              + said
              + "); lower push --max-value-size to fit the server's --max-request-bytes");
    }
    if (code == UNAVAILABLE || http >= 500 || http == 429) {
      return new FileconsulException(
          ExitCode.UNAVAILABLE,
          "etcd at "
              + where
              + " failed ("
              + said
              + "); retry when the cluster is healthy (it needs a leader: a majority of members)");
    }
    return new FileconsulException(
        ExitCode.UNAVAILABLE,
        "etcd at "
            + where
            + " answered unexpectedly ("
            + said
            + "); check --addr points at etcd's client port");
  }

  /** A connection never made: the next endpoint may do better. */
  static boolean notConnected(IOException e) {
    return e instanceof ConnectException
        || e.getCause() instanceof ConnectException
        || e instanceof ConnectTimeoutException
        || e instanceof NoRouteToHostException
        || e instanceof UnknownHostException;
  }

  static FileconsulException transport(String where, IOException e) {
    String why;
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      why = "connection refused; is etcd running, and are --addr or ETCDCTL_ENDPOINTS right?";
    } else if (e instanceof ConnectTimeoutException || e instanceof SocketTimeoutException) {
      why = "timed out; check etcd and the network, then retry or raise --timeout";
    } else if (e instanceof UnknownHostException) {
      why = "unknown host; check --addr or ETCDCTL_ENDPOINTS";
    } else if (e instanceof NoHttpResponseException || e instanceof SocketException) {
      // A write in flight may or may not have been applied.
      why =
          "the connection broke mid-request ("
              + oneLine(e.getMessage())
              + "); etcd may have stopped: retry when it is reachable, then check with"
              + " 'fileconsul status'";
    } else if (e instanceof javax.net.ssl.SSLException) {
      why =
          "TLS failed ("
              + oneLine(e.getMessage())
              + "); check --ca-cert or ETCDCTL_CACERT, and etcds:// in --addr";
    } else {
      why = oneLine(e.toString()) + "; retry when etcd is reachable";
    }
    return new FileconsulException(
        ExitCode.UNAVAILABLE, "cannot reach etcd at " + where + ": " + why, e);
  }

  static FileconsulException malformed(String where, String what, Exception e) {
    return new FileconsulException(
        ExitCode.UNAVAILABLE,
        "etcd at "
            + where
            + " sent a malformed "
            + what
            + " ("
            + oneLine(e.getMessage())
            + "); check --addr points at etcd's client port (its JSON gateway)",
        e);
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT) + "..." : t;
  }
}
