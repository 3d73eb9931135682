/**
 * The store port: what the planner and the appliers need from a KV backend ({@code KvStore}), its
 * values ({@code Listing}, {@code KvEntry}, {@code KvValue}, {@code KeyListing}, {@code TxnOp}),
 * its limits as data ({@code StoreLimits}) and the batching within them ({@code TxnBatcher}).
 * Backend-neutral: Consul is one adapter behind it ({@code consul}), etcd the next. Imports only
 * {@code java.*} and {@code core}.
 */
package io.fileconsul.store;
