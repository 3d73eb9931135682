package io.fileconsul.app;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.sync.Change;
import java.util.List;
import java.util.Optional;

/**
 * What a push or pull did: the changes applied (or, on a dry run, that would be), the conflicts it
 * left alone, warnings, and the failure that stopped it part-way, if any.
 */
public record SyncResult(
    List<Change> applied,
    List<Change> conflicts,
    List<String> warnings,
    boolean dryRun,
    Optional<FileconsulException> failure) {
  public SyncResult {
    applied = List.copyOf(applied);
    conflicts = List.copyOf(conflicts);
    warnings = List.copyOf(warnings);
  }

  public ExitCode exitCode() {
    if (failure.isPresent()) {
      return failure.get().exitCode();
    }
    return conflicts.isEmpty() ? ExitCode.OK : ExitCode.CONFLICT;
  }
}
