/**
 * The etcd v3 adapter: {@code EtcdKvStore} implements the store port over etcd's JSON gateway
 * ({@code /v3/kv/range}, {@code /v3/kv/txn}, {@code /v3/watch}, {@code /v3/auth/authenticate}).
 * Every request goes through {@code EtcdTransport} (endpoint failover, the auth token); the
 * permission bits live in one metadata document per prefix ({@code EtcdModes}); errors become exit
 * codes in {@code EtcdErrors}. Imports {@code core} and {@code store} only, like {@code consul}.
 */
package io.fileconsul.etcd;
