package io.fileconsul.app;

import io.fileconsul.store.KvStore;
import io.fileconsul.store.Listing;
import java.util.Map;

/**
 * A remote side handed to a run instead of read from the store: a consul watch handler's payload,
 * or the answer a resident watch's blocking query already holds. It is read with what the record
 * {@code known}s of each key, so a payload need not decode and hash the values of entries the
 * record already synced (as a full listing does).
 */
@FunctionalInterface
public interface GivenRemote {
  Listing read(Map<String, KvStore.Known> known);

  /** A listing already read. */
  static GivenRemote of(Listing listing) {
    return known -> listing;
  }
}
