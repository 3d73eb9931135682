package io.fileconsul.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    versionProvider = FileconsulCommand.Version.class,
    description = {
      "Print a completion script for bash or zsh: commands, options and their values.",
      "bash: fileconsul completion bash > /etc/bash_completion.d/fileconsul",
      "zsh:  add 'source <(fileconsul completion zsh)' to ~/.zshrc"
    })
final class CompletionCommand implements Callable<Integer> {
  /** The shells picocli's script supports: bash, and zsh through its bashcompinit. */
  enum Shell {
    bash,
    zsh
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    // picocli's script starts zsh's bashcompinit itself when sourced by zsh: one script for both
    String script = AutoComplete.bash("fileconsul", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
