/**
 * What every layer shares and nothing else: the exit-code contract ({@code ExitCode}), the typed
 * exception that carries one ({@code FileconsulException}), the outcome of a run as a value ({@code
 * Outcome}, {@code Problem}) and local error wording. Imports only {@code java.*}.
 */
package io.fileconsul.core;
