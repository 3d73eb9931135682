/**
 * Unified diffs between a remote value and a local file, by JGit's histogram diff ({@code
 * DiffRenderer}). Imports {@code sync} for its value types; never {@code app} or {@code cli}.
 */
package io.fileconsul.diff;
