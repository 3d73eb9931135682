/**
 * TLS from PEM files, shared by the backend adapters ({@code consul}, {@code etcd}): reading
 * certificates and keys ({@code PemFiles}) and building the SSL context ({@code TlsContexts}).
 * Imports only {@code java.*}, {@code javax.net}, {@code core} and Apache HttpClient's SSL builder;
 * never an adapter, {@code app} or {@code cli}.
 */
package io.fileconsul.tls;
