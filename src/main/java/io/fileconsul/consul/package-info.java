/**
 * The Consul adapter: {@code ConsulKvStore} implements the store port over Consul's HTTP API. Every
 * request goes through {@code ConsulTransport} (one client from {@code HttpClients}, with the token
 * header, the deadline and {@code dc}); small answers are parsed by {@code ConsulAnswers}, the
 * streamed listing by {@code ListingReader} over {@code JsonBytes}; errors become exit codes in
 * {@code ConsulErrors}. Imports {@code core} and {@code store}; never {@code app}, {@code cli} or
 * {@code sync}.
 */
package io.fileconsul.consul;
