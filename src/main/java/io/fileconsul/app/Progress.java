package io.fileconsul.app;

/** Reports long pushes and pulls; the CLI shows it on a terminal only. */
@FunctionalInterface
public interface Progress {
  Progress NONE = (verb, done, total) -> {};

  void update(String verb, int done, int total);
}
