package io.fileconsul.app;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.PathText;
import io.fileconsul.core.Problem;
import io.fileconsul.store.TxnRejectedException;
import io.fileconsul.sync.Change;
import java.util.List;
import java.util.stream.Collectors;

/** How a push that stopped part-way says why: a lost compare, a denied write, a file that moved. */
final class PushProblems {
  private PushProblems() {}

  static Problem changedWhilePushed(Change c) {
    return new Problem(
        ExitCode.CONFLICT,
        PathText.quote(c.path())
            + " changed while it was being"
            + " pushed; nothing from it was written, run push again");
  }

  static Problem rejected(
      RemoteWriter remote, String prefix, TxnRejectedException e, List<Change> items) {
    List<String> paths =
        e.errors().stream()
            .filter(err -> err.opIndex() >= 0 && err.opIndex() < items.size())
            .map(err -> items.get(err.opIndex()).path())
            .toList();
    if (e.permissionDenied()) {
      String what =
          e.errors().stream()
              .map(TxnRejectedException.OpError::what)
              .filter(w -> w.contains("Permission denied"))
              .findFirst()
              .orElse("Permission denied");
      return new Problem(
          ExitCode.DENIED,
          remote.kind()
              + " at "
              + remote.describe()
              + " denied the write ("
              + what
              + "); use a token with key write access to "
              + prefix
              + "/");
    }
    return casLost(remote, paths.isEmpty() ? items.stream().map(Change::path).toList() : paths);
  }

  static Problem casLost(RemoteWriter remote, List<String> paths) {
    return new Problem(
        ExitCode.CONFLICT,
        "another writer changed "
            + paths.stream().map(PathText::quote).collect(Collectors.joining(", "))
            + " in "
            + remote.kind()
            + " after this push read it; its batch was not"
            + " written. Run 'fileconsul status' and 'fileconsul pull', then push again");
  }
}
