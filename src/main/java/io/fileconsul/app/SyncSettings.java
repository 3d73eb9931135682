package io.fileconsul.app;

import java.nio.file.Path;

/** The share directory, the KV prefix it mirrors, and the largest file push may write. */
public record SyncSettings(Path basepath, String prefix, long maxValueSize) {}
