package io.fileconsul.cli;

import io.fileconsul.app.Snapshot;
import io.fileconsul.app.Workspace;
import io.fileconsul.core.ExitCode;
import io.fileconsul.core.PathText;
import io.fileconsul.diff.DiffRenderer;
import io.fileconsul.store.KvValue;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.ModeFlags;
import io.fileconsul.sync.PathFilter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    versionProvider = FileconsulCommand.Version.class,
    description = {
      "Show content differences as a unified diff between remote/ (Consul) and local/ (the share"
          + " directory). As with git diff, your local edits show as added (+) lines; -R swaps the sides.",
      "Exit 0 when there are none, 1 when there are."
    })
final class DiffCommand extends SessionCommand {
  /** When to colour: git's choices. */
  enum ColorMode {
    auto,
    always,
    never
  }

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description = "auto (only on a terminal, and never with NO_COLOR set), always or never.")
  ColorMode color;

  @Option(
      names = {"-R", "--reverse"},
      description = "Swap the sides: local/ first, remote/ second.")
  boolean reverse;

  @Parameters(paramLabel = "PATTERN", arity = "0..*", description = "Only these paths.")
  List<String> patterns = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = out();
    CliContext ctx = context();
    boolean colored =
        color == ColorMode.always
            || color == ColorMode.auto
                && ctx.isTerminal(CliContext.Stream.STDOUT)
                && ctx.env("NO_COLOR").isEmpty();
    DiffRenderer renderer =
        reverse
            ? new DiffRenderer(colored, "local", "remote")
            : new DiffRenderer(colored, "remote", "local");
    try (Session s = openSession()) {
      Workspace ws = s.workspace;
      Snapshot snap = ws.snapshot(PathFilter.of(patterns));
      warn(snap.warnings());
      for (Change c : snap.plan().differences()) {
        if (c.localFile().filter(f -> f.content().special()).isPresent()) {
          // never opened: a FIFO would block (the scan warned about it)
          out.println(
              "Not compared: local/"
                  + PathText.quote(c.path())
                  + " is a "
                  + c.localFile().get().content().specialKind()
                  + ", not a regular file");
          continue;
        }
        DiffRenderer.Side local =
            new DiffRenderer.Side(
                c.localFile().map(f -> ws.localBytes(c.path())),
                c.localFile().map(f -> f.content().mode()).orElse(ModeFlags.DEFAULT_MODE));
        Optional<KvValue> value = c.remoteEntry().flatMap(e -> ws.remoteValue(snap, e));
        DiffRenderer.Side remote =
            new DiffRenderer.Side(
                value.map(KvValue::value),
                value.map(v -> ModeFlags.decode(v.flags())).orElse(ModeFlags.DEFAULT_MODE));
        out.print(
            reverse
                ? renderer.render(c.path(), local, remote)
                : renderer.render(c.path(), remote, local));
      }
      out.flush();
      return (snap.plan().inSync() ? ExitCode.OK : ExitCode.DIFFERENCES).code();
    }
  }
}
