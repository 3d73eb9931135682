package io.fileconsul.sync;

import java.util.Optional;

/** One path's state on both sides and what a sync does with it. */
public record Change(
    String path,
    Side local,
    Side remote,
    Action action,
    Optional<LocalFile> localFile,
    Optional<RemoteEntry> remoteEntry,
    Optional<SyncRecord> base) {

  /** Porcelain "XY". */
  public String code() {
    return "" + local.letter() + remote.letter();
  }
}
