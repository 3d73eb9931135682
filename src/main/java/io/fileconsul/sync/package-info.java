/**
 * The pure planning every command shares: local files, remote entries and the last-synced record
 * in, a {@code Plan} of per-path actions out ({@code Planner}), plus the rules around it: key to
 * path mapping ({@code KeyPaths}), modes in flags ({@code ModeFlags}), the guards, path order and
 * quoting, ignore globs. No I/O, no clock, no threads: it imports only {@code java.*} and {@code
 * core}, so every rule here is tested table-driven.
 */
package io.fileconsul.sync;
