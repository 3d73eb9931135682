package io.fileconsul.app;

import java.nio.file.Path;

/** The share directory, the KV prefix it mirrors, and the largest value Consul accepts. */
public record SyncSettings(Path basepath, String prefix, long maxValueSize) {
  public static final long CONSUL_MAX_VALUE_SIZE = 512 * 1024;
}
