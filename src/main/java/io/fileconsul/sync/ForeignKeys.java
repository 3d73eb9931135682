package io.fileconsul.sync;

/**
 * Keys under the prefix that belong to Consul's own coordination, not to fileconsul: a key held by
 * a session ({@code ?acquire=}, {@code consul lock}), or one carrying the Flags that Consul's lock
 * and semaphore recipes mark their keys with (api/lock.go {@code LockFlagValue}, api/semaphore.go
 * {@code SemaphoreFlagValue}), held or not. Writing one would break the lock (and kill the command
 * {@code consul lock} runs); pulling one would make a file of it. They are never pulled,
 * overwritten or deleted.
 */
public final class ForeignKeys {
  public static final long LOCK_FLAGS = 0x2ddccbc058a50c18L;
  public static final long SEMAPHORE_FLAGS = 0xe0f69a2baa414de0L;

  private ForeignKeys() {}

  public static boolean notManaged(long flags, String session) {
    return flags == LOCK_FLAGS || flags == SEMAPHORE_FLAGS || session != null && !session.isEmpty();
  }
}
