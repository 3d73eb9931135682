package io.fileconsul.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry with its value. Equal by content, as a record of a {@code byte[]} is not by default;
 * toString gives the value's length, never its bytes (a value may be a secret).
 */
public record KvValue(String key, byte[] value, long flags, long modifyIndex) {
  @Override
  public boolean equals(Object o) {
    return o instanceof KvValue v
        && Objects.equals(key, v.key)
        && Arrays.equals(value, v.value)
        && flags == v.flags
        && modifyIndex == v.modifyIndex;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(value), flags, modifyIndex);
  }

  @Override
  public String toString() {
    return "KvValue[key="
        + key
        + ", value="
        + (value == null ? "none" : value.length + " bytes")
        + ", flags="
        + flags
        + ", modifyIndex="
        + modifyIndex
        + "]";
  }
}
