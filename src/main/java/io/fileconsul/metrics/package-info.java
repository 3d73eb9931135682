/**
 * The HTTP side of watch --metrics-addr: {@code GET /metrics} and {@code GET /health} on the JDK's
 * built-in server ({@code com.sun.net.httpserver}), which costs no dependency (README "Metrics and
 * health" has the figures). What it serves comes in as suppliers, so this package imports only
 * {@code java.*}, the JDK's server and {@code core}; the counters live behind {@code
 * app.WatchMetrics}.
 */
package io.fileconsul.metrics;
