package io.fileconsul.consul;

/** One entry with its value. */
public record KvValue(String key, byte[] value, long flags, long modifyIndex) {}
