package io.fileconsul.consul;

import io.fileconsul.core.Await;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * SHA-256 of a listing's values, on one thread beside the parse once the listing is large: under
 * the launcher's C1-only JIT SHA-256 runs at about 120 MB/s, and hashing inline made it most of a
 * 1,000-file initial pull's listing (async-profiler: 100 of 184 ms), while the parse itself waits
 * on Consul's answer part of the time. The first {@link #INLINE_BYTES} are hashed inline: a small
 * listing (a watch handler's, a status's) never starts the thread. One thread: on these 2 cores,
 * two or three (with 256 KiB inline) measured 0.98x and 1.02x of one on a 1,000-file pull.
 */
final class ValueHashes implements AutoCloseable {
  static final long INLINE_BYTES = 256 * 1024;

  /**
   * At most this many bytes of values wait for the thread; past it the parse hashes inline, so it
   * never runs ahead of the hashing by more: a value waiting is a value kept, and a 1 GB listing
   * parsed faster than it was hashed filled a 256 MiB heap until the pull timed out.
   */
  static final long MAX_WAITING = 8 * 1024 * 1024;

  private final AtomicLong waiting = new AtomicLong();
  private final Supplier<ExecutorService> start;
  private long seen;
  private ExecutorService thread;

  ValueHashes() {
    this(
        () ->
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "fileconsul-listing-hash");
                  t.setDaemon(true);
                  return t;
                }));
  }

  /** With the thread {@code start} makes when it is first needed. */
  ValueHashes(Supplier<ExecutorService> start) {
    this.start = start;
  }

  /** The hash of {@code value}, now or later. */
  Future<String> of(byte[] value) {
    seen += value.length;
    if (seen <= INLINE_BYTES || waiting.get() + value.length > MAX_WAITING) {
      return CompletableFuture.completedFuture(DigestUtils.sha256Hex(value));
    }
    if (thread == null) {
      thread = start.get();
    }
    waiting.addAndGet(value.length);
    return thread.submit(
        () -> {
          try {
            return DigestUtils.sha256Hex(value);
          } finally {
            waiting.addAndGet(-value.length);
          }
        });
  }

  static String get(Future<String> hash) {
    try {
      return Await.result(hash);
    } catch (ExecutionException e) {
      Await.rethrowUnchecked(e);
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
