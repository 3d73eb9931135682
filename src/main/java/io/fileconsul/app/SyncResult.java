package io.fileconsul.app;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.Outcome;
import io.fileconsul.core.PathText;
import io.fileconsul.core.Problem;
import io.fileconsul.sync.Action;
import io.fileconsul.sync.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a push or pull did: the changes applied (or, on a dry run, that would be), the conflicts it
 * left alone, warnings, and the failures met part-way (what was applied before them stays applied).
 * A refusal before anything was written is thrown instead.
 */
public record SyncResult(
    Direction direction,
    List<Change> applied,
    List<Change> conflicts,
    List<String> warnings,
    boolean dryRun,
    List<Problem> failures) {
  public SyncResult {
    applied = List.copyOf(applied);
    conflicts = List.copyOf(conflicts);
    warnings = List.copyOf(warnings);
    failures = List.copyOf(failures);
  }

  /** The conflicts first (found when planning), then the failures in the order met. */
  public Outcome outcome() {
    List<Problem> problems = new ArrayList<>();
    conflictProblem().ifPresent(problems::add);
    problems.addAll(failures);
    return new Outcome(problems);
  }

  public ExitCode exitCode() {
    return outcome().exitCode();
  }

  /** The one wording of conflicts left alone, for push, pull and watch alike. */
  private Optional<Problem> conflictProblem() {
    List<String> parts = new ArrayList<>();
    List<Change> both = conflicts.stream().filter(c -> c.action() != Action.COLLISION).toList();
    List<Change> clashes = conflicts.stream().filter(c -> c.action() == Action.COLLISION).toList();
    if (!both.isEmpty()) {
      parts.add(
          both.size()
              + " path(s) changed on both sides were left alone: "
              + paths(both)
              + "; compare with 'fileconsul diff', then 'fileconsul "
              + direction.verb()
              + " --force' to keep the "
              + direction.forceKeeps()
              + " version");
    }
    if (!clashes.isEmpty()) {
      parts.add(
          clashes.size()
              + " path(s) are a file and a directory at once: "
              + paths(clashes)
              + "; delete or rename one of each pair (in Consul with 'consul kv"
              + " delete', or in the share directory)");
    }
    return parts.isEmpty()
        ? Optional.empty()
        : Optional.of(new Problem(ExitCode.CONFLICT, String.join("; and ", parts)));
  }

  private static String paths(List<Change> changes) {
    return changes.stream().map(c -> PathText.quote(c.path())).collect(Collectors.joining(", "));
  }
}
