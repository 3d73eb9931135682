package io.fileconsul.app;

import io.fileconsul.fs.IgnoreRules;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.SyncRecord;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which {@code .fileconsulignore} a run obeys. The file is synced like any other, so the rules
 * that apply are those of the version that wins it: a pull about to install a remote version obeys
 * that one (a fresh node's first pull must not write and record what the cluster's ignore file
 * excludes), a local edit not yet pushed obeys the local one, and when both sides changed it, a
 * path either version ignores is ignored, so neither side's exclusions are ever synced.
 */
final class IgnoreChoice {
  private IgnoreChoice() {}

  static IgnoreRules choose(IgnoreRules local, Optional<String> remoteSha,
      Supplier<IgnoreRules> remote, SyncBase base) {
    Optional<String> synced = base.get(IgnoreRules.FILE_NAME).map(SyncRecord::content)
        .map(Content::sha256);
    boolean localChanged = !Objects.equals(local.sha256(), synced);
    boolean remoteChanged = !Objects.equals(remoteSha, synced);
    if (!remoteChanged || remoteSha.equals(local.sha256())) {
      return local;
    }
    IgnoreRules theirs = remoteSha.isPresent() ? remote.get() : IgnoreRules.none();
    return localChanged ? local.union(theirs) : theirs;
  }
}
