package io.fileconsul.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a run that wrote something ended: the problems it met, in the order met, and the one exit
 * code they add up to. The precedence (README "Exit codes") lives here and nowhere else.
 */
public record Outcome(List<Problem> problems) {
  /**
   * The code that stands when a run met several problems: Consul unreachable, then denied, then a
   * local file-system error, then a refusal by Consul, then conflicts. A pull that left a conflict
   * alone and then failed to write a file exits 7; one that then lost Consul exits 5.
   */
  private static final List<ExitCode> PRECEDENCE =
      List.of(
          ExitCode.UNAVAILABLE,
          ExitCode.DENIED,
          ExitCode.LOCAL_IO,
          ExitCode.REFUSED,
          ExitCode.CONFLICT);

  public Outcome {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  public ExitCode exitCode() {
    return decisive().map(Problem::exitCode).orElse(ExitCode.OK);
  }

  /** The problem whose code stands; among equals the one met last (it is what stopped the run). */
  public Optional<Problem> decisive() {
    int i = decisiveIndex();
    return i < 0 ? Optional.empty() : Optional.of(problems.get(i));
  }

  /** One line each: the others in the order met, the decisive one last, next to the exit. */
  public List<Problem> inReportOrder() {
    int i = decisiveIndex();
    if (i < 0) {
      return problems;
    }
    List<Problem> order = new ArrayList<>(problems);
    order.add(order.remove(i));
    return List.copyOf(order);
  }

  private int decisiveIndex() {
    int best = -1;
    for (int i = 0; i < problems.size(); i++) {
      if (best < 0 || rank(problems.get(i).exitCode()) <= rank(problems.get(best).exitCode())) {
        best = i;
      }
    }
    return best;
  }

  /** A code outside the list (a bug's, say) ranks before all of it. */
  private static int rank(ExitCode code) {
    return PRECEDENCE.indexOf(code);
  }
}
