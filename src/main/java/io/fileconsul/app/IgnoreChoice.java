package io.fileconsul.app;

import io.fileconsul.fs.IgnoreRules;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.SyncRecord;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which {@code .fileconsulignore} a run obeys. The file is synced like any other, so when the
 * remote version changed since the last sync and differs from the local one, a path either version
 * ignores is ignored: a fresh node's first pull must not write and record what the cluster's ignore
 * file excludes, and a push must not upload what the local one excludes (it installs nothing). A
 * path that a new version stops ignoring is synced from the run after the one that installs it.
 * Otherwise the local file decides.
 */
final class IgnoreChoice {
  private IgnoreChoice() {}

  static IgnoreRules choose(
      IgnoreRules local, Optional<String> remoteSha, Supplier<IgnoreRules> remote, SyncBase base) {
    Optional<String> synced =
        base.get(IgnoreRules.FILE_NAME).map(SyncRecord::content).map(Content::sha256);
    boolean remoteChanged = !Objects.equals(remoteSha, synced);
    if (!remoteChanged || remoteSha.equals(local.sha256())) {
      return local;
    }
    return remoteSha.isPresent() ? local.union(remote.get()) : local;
  }
}
