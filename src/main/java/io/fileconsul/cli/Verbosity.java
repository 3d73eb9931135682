package io.fileconsul.cli;

/** How much a push or pull prints on stdout; warnings and errors go to stderr whatever it is. */
enum Verbosity {
  /** What changed, or "Everything up to date." when nothing was to be done (push). */
  FULL,
  /** What changed, and nothing when nothing was to be done (pull and watch: suits a handler). */
  CHANGES,
  /** Nothing (--quiet). */
  QUIET
}
