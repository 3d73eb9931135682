package io.fileconsul.store;

import java.util.List;

/** The keys under a prefix and the prefix's index, without any value ({@code ?keys}). */
public record KeyListing(List<String> keys, long index) {
  public KeyListing {
    keys = List.copyOf(keys);
  }
}
