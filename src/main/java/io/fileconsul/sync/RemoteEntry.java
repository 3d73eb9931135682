package io.fileconsul.sync;

/** A KV entry under the prefix whose key maps to a safe relative path. */
public record RemoteEntry(String path, String key, Content content, long modifyIndex, long flags) {}
