package io.fileconsul.consul;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.http.ConnectionClosedException;
import org.apache.http.MalformedChunkCodingException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.ProtocolException;
import org.apache.http.client.ClientProtocolException;
import org.apache.http.conn.ConnectTimeoutException;

/** Turns HTTP statuses and transport failures into the exit-code contract, with a next step. */
final class ConsulErrors {
  private static final int MAX_BODY = 300;

  private ConsulErrors() {}

  /**
   * Consul's 404 for a missing key or an empty prefix has an empty body; one with a body (e.g.
   * "Invalid URL path" for a wrong path in --addr) is something else, never an empty prefix: read
   * as one, it would make every file look deleted remotely.
   */
  static void notFoundIsEmpty(String where, int status, String body) {
    if (body != null && !body.isBlank()) {
      throw status(where, status, body);
    }
  }

  static FileconsulException status(String where, int status, String body) {
    String text = oneLine(body);
    String said = text.isEmpty() ? "HTTP " + status : "HTTP " + status + " \"" + text + "\"";
    if (status == 403) {
      return new FileconsulException(
          ExitCode.DENIED,
          "Consul at "
              + where
              + " denied access ("
              + said
              + "); check --token, --token-file, CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE"
              + " and the token's key policy for the prefix");
    }
    if (status == 400 && text.contains("are a Consul Enterprise feature")) {
      // CE 1.16 answers KV requests carrying ns= or partition= so (its /v1/txn ignores both)
      return new FileconsulException(
          ExitCode.USAGE,
          "Consul at "
              + where
              + " has no namespaces or partitions ("
              + said
              + "); drop --namespace/--partition (CONSUL_NAMESPACE, CONSUL_PARTITION), or point"
              + " --addr at Consul Enterprise");
    }
    if (status == 413) {
      return new FileconsulException(
          ExitCode.REFUSED,
          "Consul at "
              + where
              + " refused a value"
              + " as too large ("
              + said
              + "); set --max-value-size to the agent's"
              + " limits.kv_max_value_size");
    }
    if (status == 429) {
      return new FileconsulException(
          ExitCode.UNAVAILABLE,
          "Consul at " + where + " is rate-limiting requests (" + said + "); retry later");
    }
    if (text.contains("invalid key name")) {
      // Consul 1.21.5 validated keys with a regex, 1.22 refuses a leading or trailing space and
      // ../ (on /v1/kv only, not /v1/txn), both with a 500; retrying cannot help.
      return new FileconsulException(
          ExitCode.REFUSED,
          "Consul at "
              + where
              + " refused a key"
              + " name ("
              + said
              + "); rename the file to characters the agent accepts (1.21.5: only those in its"
              + " pattern, and no '..'; 1.22: no space at the end), set the agent's"
              + " disable_kv_key_validation (1.22), or leave 1.21.5");
    }
    if (status >= 500) {
      return new FileconsulException(
          ExitCode.UNAVAILABLE,
          "Consul at "
              + where
              + " failed ("
              + said
              + "); retry when the cluster is healthy (it needs a leader)");
    }
    if (status == 404 && text.startsWith("Invalid URL path")) {
      // What Consul says for a path outside its API, e.g. --addr http://host:8500/wrong
      return new FileconsulException(
          ExitCode.UNAVAILABLE,
          "Consul at "
              + where
              + " does not know"
              + " its API under that path ("
              + said
              + "); check the path in --addr or CONSUL_HTTP_ADDR");
    }
    return new FileconsulException(
        ExitCode.UNAVAILABLE,
        "Consul at "
            + where
            + " answered unexpectedly ("
            + said
            + "); check --addr points at a Consul HTTP API");
  }

  static FileconsulException transport(String where, IOException e) {
    String why;
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      why = "connection refused; is the agent running, and is --addr or CONSUL_HTTP_ADDR right?";
    } else if (e instanceof DeadlineHttpClient.DeadlineExceededException) {
      why =
          "timed out: "
              + e.getMessage()
              + "; check the agent and the network, then"
              + " retry or raise --timeout";
    } else if (e instanceof ConnectTimeoutException || e instanceof SocketTimeoutException) {
      why = "timed out; check the agent and the network, then retry";
    } else if (e instanceof UnknownHostException) {
      why = "unknown host; check --addr or CONSUL_HTTP_ADDR";
    } else if (e instanceof NoHttpResponseException || e instanceof SocketException) {
      // The agent stopped or restarted mid-request ("Broken pipe", "Connection reset", no
      // response): a write in flight may or may not have been applied.
      why =
          "the connection broke mid-request ("
              + oneLine(e.getMessage())
              + "); the agent may"
              + " have stopped: retry when it is reachable, then check with 'fileconsul status'";
    } else if (e instanceof javax.net.ssl.SSLException) {
      why =
          "TLS failed ("
              + oneLine(e.getMessage())
              + "); check CONSUL_CACERT,"
              + " CONSUL_TLS_SERVER_NAME, or the https:// in --addr";
    } else if (e instanceof ConnectionClosedException
        || e instanceof MalformedChunkCodingException) {
      // The body ended early ("Premature end of Content-Length delimited message body"): the
      // connection closed mid-answer; a write may or may not have been applied.
      why =
          "the answer was cut short ("
              + oneLine(e.getMessage())
              + "); retry when the agent is reachable, then check with 'fileconsul status'";
    } else if (e instanceof ClientProtocolException && e.getCause() instanceof ProtocolException) {
      // A status line or header cut short reads as bad HTTP; so does a server that is not HTTP.
      why =
          "the answer is not valid HTTP ("
              + oneLine(e.getCause().getMessage())
              + "): cut short, or --addr is not a Consul agent; retry when it is reachable,"
              + " then check with 'fileconsul status'";
    } else {
      why = oneLine(e.toString()) + "; retry when the agent is reachable";
    }
    return new FileconsulException(
        ExitCode.UNAVAILABLE, "cannot reach Consul at " + where + ": " + why, e);
  }

  /** gson's own text advises its API and links its docs: of no use to the user. */
  static FileconsulException notConsul(String where, String path, IOException e) {
    return new FileconsulException(
        ExitCode.UNAVAILABLE,
        "Consul at "
            + where
            + " answered "
            + path
            + " with something that is not JSON (a web page or a proxy?); check --addr points"
            + " at a Consul HTTP API",
        e);
  }

  static FileconsulException malformed(String where, String what, Exception e) {
    return new FileconsulException(
        ExitCode.UNAVAILABLE,
        "Consul at "
            + where
            + " sent a malformed "
            + what
            + " ("
            + oneLine(e.getMessage())
            + "); check --addr points at a Consul HTTP API",
        e);
  }

  private static final String READ_THE_WHOLE_PREFIX =
      "; use a token with key read access to the whole prefix (--token-file, CONSUL_HTTP_TOKEN or"
          + " CONSUL_HTTP_TOKEN_FILE)";

  static FileconsulException hidden(String where, String prefix) {
    return new FileconsulException(
        ExitCode.DENIED,
        "Consul at "
            + where
            + " hid keys under "
            + prefix
            + "/ that the token may not read"
            + READ_THE_WHOLE_PREFIX);
  }

  /** A single key read through /v1/txn that came back without its result (see TxnGet). */
  static FileconsulException hiddenKey(String where, String key) {
    return new FileconsulException(
        ExitCode.DENIED,
        "Consul at "
            + where
            + " denied access to the key "
            + TxnJson.jsonString(key)
            + " (a transaction read left it out)"
            + READ_THE_WHOLE_PREFIX);
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() > MAX_BODY ? t.substring(0, MAX_BODY) + "..." : t;
  }
}
