/**
 * The sync record ({@code StateStore}: what each file was when last synced, keyed on the store's
 * identity and prefix) and the share directory's lock ({@code BasepathLock}). Imports {@code core},
 * {@code sync} and {@code fs}; never {@code app} or {@code cli}.
 */
package io.fileconsul.state;
