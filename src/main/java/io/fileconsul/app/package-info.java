/**
 * The use cases: {@code Pusher}, {@code Puller} and {@code Watcher}, over a {@code Workspace} (one
 * share directory bound to one prefix: it reads both sides and the sync record into a {@code
 * Snapshot} and saves the record after a run). Each returns a {@code SyncResult} value; printing is
 * the caller's. May import {@code core}, {@code sync}, the store port {@code store}, and the local
 * adapters {@code fs} and {@code state}; never a backend adapter such as {@code consul}, never
 * picocli.
 */
package io.fileconsul.app;
