package io.fileconsul.consul;

import com.google.gson.JsonParseException;
import com.google.gson.stream.MalformedJsonException;
import io.fileconsul.store.KeyListing;
import io.fileconsul.store.KvStore.Known;
import io.fileconsul.store.Listing;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.util.EntityUtils;

/**
 * The listings Consul streams, values ({@code ?recurse}) and keys ({@code ?keys}), with the checks
 * each needs so that a key the token may not read never looks deleted.
 */
final class ConsulListings {
  private final ConsulTransport transport;
  private final ConsulSettings settings;
  private final long retainedValueBudget;
  private final Predicate<String> readKey;

  /** {@code readKey} reads one key as the store's get does (403 throws), for the ACL check. */
  ConsulListings(
      ConsulTransport transport,
      ConsulSettings settings,
      long retainedValueBudget,
      Predicate<String> readKey) {
    this.transport = transport;
    this.settings = settings;
    this.retainedValueBudget = retainedValueBudget;
    this.readKey = readKey;
  }

  /** Entries whose keys start with {@code keyStart}, all under {@code prefix + "/"}. */
  Listing list(
      String prefix,
      String keyStart,
      String query,
      RequestConfig config,
      Duration deadline,
      Map<String, Known> known) {
    String path = kvPath(keyStart);
    return transport.stream(
        path,
        "recurse" + query,
        config,
        deadline,
        response -> {
          int status = response.getStatusLine().getStatusCode();
          long index = ConsulTransport.index(response.getFirstHeader("X-Consul-Index"));
          HttpEntity entity = response.getEntity();
          if (status != 200 && status != 404) {
            // Consul sets no charset on error bodies; they are UTF-8 (keys may be non-ASCII).
            throw ConsulErrors.status(transport.describe(), status, ConsulTransport.text(entity));
          }
          if (ConsulTransport.isTrue(
              response.getFirstHeader("X-Consul-Results-Filtered-By-ACLs"))) {
            EntityUtils.consume(entity);
            throw ConsulErrors.hidden(transport.describe(), prefix);
          }
          if (status == 404) {
            ConsulErrors.notFoundIsEmpty(
                transport.describe(), status, ConsulTransport.text(entity));
            checkAnonymousMayRead(prefix, response.getFirstHeader("X-Consul-Default-ACL-Policy"));
            return new Listing(List.of(), Map.of(), index);
          }
          try (InputStream body = entity.getContent()) {
            return ListingReader.read(body, prefix, index, retainedValueBudget, known);
          } catch (MalformedJsonException e) {
            // a syntax error, though the transport worked: something else answered
            throw ConsulErrors.notConsul(transport.describe(), path, e);
          } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
            throw ConsulErrors.malformed(transport.describe(), "listing", e);
          }
        });
  }

  /**
   * A listing the token may not fully read comes back as 200 or 404 without an error, so a missing
   * permission would look like deleted keys. Consul flags that only for real tokens; for the
   * anonymous token under default deny, a read of the prefix's own key tells: the ACL check comes
   * before the existence check, so it is 403 exactly when the prefix is unreadable.
   */
  private void checkAnonymousMayRead(String prefix, Header defaultPolicy) {
    if (settings.token().isEmpty()
        && defaultPolicy != null
        && "deny".equalsIgnoreCase(defaultPolicy.getValue().trim())) {
      readKey.test(prefix + "/"); // a 403 throws: the prefix is unreadable
    }
  }

  KeyListing keys(String prefix) {
    // Streamed as list() is, for the X-Consul-Results-Filtered-By-ACLs header ecwid drops.
    return transport.stream(
        kvPath(prefix + "/"),
        "keys",
        null,
        null,
        response -> {
          int status = response.getStatusLine().getStatusCode();
          long index = ConsulTransport.index(response.getFirstHeader("X-Consul-Index"));
          String body = ConsulTransport.text(response.getEntity());
          if (status != 200 && status != 404) {
            throw ConsulErrors.status(transport.describe(), status, body);
          }
          if (ConsulTransport.isTrue(
              response.getFirstHeader("X-Consul-Results-Filtered-By-ACLs"))) {
            throw ConsulErrors.hidden(transport.describe(), prefix);
          }
          if (status == 404) {
            ConsulErrors.notFoundIsEmpty(transport.describe(), status, body);
            return new KeyListing(List.of(), index);
          }
          return new KeyListing(keyNames(body), index);
        });
  }

  private List<String> keyNames(String body) {
    try {
      return ConsulAnswers.keys(body);
    } catch (RuntimeException e) {
      throw ConsulErrors.malformed(transport.describe(), "key listing", e);
    }
  }

  private static String kvPath(String key) {
    return "/v1/kv/" + KeyEncoding.encodePath(key);
  }
}
