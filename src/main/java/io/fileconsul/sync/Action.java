package io.fileconsul.sync;

/** What a sync does with a path. */
public enum Action {
  /** Local side changed: push uploads it (or deletes the key). */
  PUSH,
  /** Remote side changed: pull writes it (or deletes the file). */
  PULL,
  /** Both sides changed to different content: neither side wins without --force. */
  CONFLICT,
  /**
   * A key that cannot be a file here because other keys are below it ({@code a} and {@code a/b}):
   * no --force settles it; one of the keys must be deleted or renamed in the store.
   */
  COLLISION,
  /** Both sides agree; the sync record may still need refreshing. */
  IN_SYNC
}
