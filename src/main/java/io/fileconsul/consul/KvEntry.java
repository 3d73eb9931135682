package io.fileconsul.consul;

/** One listed entry, described without holding its value. */
public record KvEntry(String key, long flags, long modifyIndex, String sha256, long size) {}
