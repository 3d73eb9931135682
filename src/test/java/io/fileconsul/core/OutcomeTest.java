package io.fileconsul.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exit-code precedence of a run that met several problems (README "Exit codes"). */
class OutcomeTest {
  /**
   * Problems as "code:name" in the order met; the exit code that stands, and the report order (the
   * decisive problem last).
   */
  @ParameterizedTest(name = "{0} -> exit {1}, reported {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      ''                  | 0 | ''
      3:conflicts         | 3 | conflicts
      3:conflicts 7:write | 7 | conflicts 7:write
      3:conflicts 5:consul | 5 | conflicts consul
      7:write 5:consul    | 5 | write consul
      3:conflicts 7:write 6:denied | 6 | conflicts write denied
      7:write 7:stopped   | 7 | write stopped
      3:conflicts 3:caslost | 3 | conflicts caslost
      3:conflicts 4:refused | 4 | conflicts refused
      4:refused 7:write   | 7 | refused write
      5:consul 3:conflicts | 5 | conflicts consul
      """)
  void theDecisiveProblemIsTheMostSevereAndAmongEqualsTheLastMet(
      String met, int exit, String reported) {
    List<Problem> problems =
        met.isBlank()
            ? List.of()
            : java.util.Arrays.stream(met.split(" "))
                .map(p -> new Problem(code(Integer.parseInt(p.split(":")[0])), p.split(":")[1]))
                .toList();
    Outcome outcome = new Outcome(problems);

    assertEquals(exit, outcome.exitCode().code());
    assertEquals(
        reported.replaceAll("\\d:", ""),
        String.join(" ", outcome.inReportOrder().stream().map(Problem::message).toList()));
    assertEquals(problems.isEmpty(), outcome.ok());
    assertTrue(outcome.inReportOrder().containsAll(problems));
  }

  private static ExitCode code(int code) {
    return java.util.Arrays.stream(ExitCode.values())
        .filter(c -> c.code() == code)
        .findFirst()
        .orElseThrow();
  }
}
