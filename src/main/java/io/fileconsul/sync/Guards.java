package io.fileconsul.sync;

import java.util.List;
import java.util.function.Predicate;

/** Checks that refuse a whole push or pull before anything is written. */
public final class Guards {
  private Guards() {}

  public record Oversize(String path, long size) {}

  /** Every file a push would upload whose size is over {@code maxValueSize}. */
  public static List<Oversize> oversized(List<Change> uploads, long maxValueSize) {
    return uploads.stream()
        .flatMap(c -> c.localFile().stream())
        .filter(f -> f.content().size() > maxValueSize)
        .map(f -> new Oversize(f.path(), f.content().size()))
        .toList();
  }

  /**
   * How many paths a run is answerable for: those in the sync record, or on a first run those
   * present on the side that would lose files.
   */
  public static int tracked(Plan plan, boolean recordKnown, Predicate<Change> presentOnLosingSide) {
    return (int)
        plan.changes().stream()
            .filter(c -> recordKnown ? c.base().isPresent() : presentOnLosingSide.test(c))
            .count();
  }

  /**
   * True when deleting {@code deletes} of {@code tracked} paths is more than half of them: the
   * shape of an outage (an empty listing) or an emptied directory rather than an edit.
   */
  public static boolean isMassDelete(int deletes, int tracked) {
    return deletes > 0 && 2L * deletes > tracked;
  }
}
