package io.fileconsul.cli;

import io.fileconsul.app.SyncSettings;
import io.fileconsul.app.Workspace;
import io.fileconsul.consul.ConsulKvStore;
import io.fileconsul.consul.ConsulSettings;
import io.fileconsul.state.StateStore;
import java.io.PrintWriter;
import java.util.OptionalLong;

/** A resolved command invocation: settings, an open Consul connection and the workspace. */
final class Session implements AutoCloseable {
  final ConsulSettings consul;
  final SyncSettings sync;
  final ConsulKvStore store;
  final Workspace workspace;
  private final PrintWriter debugOut;

  private Session(
      ConsulSettings consul,
      SyncSettings sync,
      ConsulKvStore store,
      Workspace ws,
      PrintWriter debugOut) {
    this.consul = consul;
    this.sync = sync;
    this.store = store;
    this.workspace = ws;
    this.debugOut = debugOut;
  }

  /**
   * {@code err} receives a request count on close when --debug is on; the token is added to {@code
   * redactor} before anything can print it.
   *
   * @param handlerRun a consul watch handler: the store's identity is taken from the records when a
   *     run with the same address spelling saved one, so the run costs the agent no request
   */
  static Session open(
      CliContext ctx,
      Redactor redactor,
      ConnectionOptions options,
      OptionalLong maxValueSize,
      PrintWriter err,
      boolean handlerRun) {
    ConsulSettings consul = options.consul(ctx);
    consul.token().ifPresent(redactor::addSecret);
    consul.httpAuth().ifPresent(redactor::addSecret);
    SyncSettings given = options.sync(0); // checked before any connection is made
    ConsulKvStore store = ConsulKvStore.connect(consul);
    SyncSettings sync =
        new SyncSettings(
            given.basepath(), given.prefix(), maxValueSize.orElse(store.limits().maxValueSize()));
    String spelling =
        consul.describe() + consul.datacenter().map(dc -> " dc " + dc).orElse("") + consul.scope();
    String identity =
        (handlerRun
                ? StateStore.identityFor(sync.basepath(), sync.prefix(), spelling)
                : java.util.Optional.<String>empty())
            .orElseGet(store::identity);
    StateStore state =
        new StateStore(sync.basepath(), identity, sync.prefix(), spelling)
            .adoptingLegacy(consul.describe(), consul.datacenter().orElse(""));
    return new Session(
        consul,
        sync,
        store,
        new Workspace(store, sync, state, ctx.clock()),
        options.debug ? err : null);
  }

  /** "prefix fileconsul/ at http://127.0.0.1:8500, share directory /srv/share" */
  String where() {
    return "prefix "
        + sync.prefix()
        + "/ at "
        + consul.describe()
        + consul.datacenter().map(dc -> " (dc " + dc + ")").orElse("")
        + ", share directory "
        + sync.basepath();
  }

  @Override
  public void close() {
    if (debugOut != null) {
      debugOut.println(
          "debug: " + store.requestCount() + " HTTP request(s) to " + consul.describe());
      debugOut.flush();
    }
    store.close();
  }
}
