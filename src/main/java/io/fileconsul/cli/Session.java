package io.fileconsul.cli;

import io.fileconsul.app.SyncSettings;
import io.fileconsul.app.Workspace;
import io.fileconsul.consul.ConsulKvStore;
import io.fileconsul.consul.ConsulSettings;
import io.fileconsul.etcd.EtcdKvStore;
import io.fileconsul.etcd.EtcdSettings;
import io.fileconsul.state.StateStore;
import io.fileconsul.store.KvStore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/** A resolved command invocation: settings, an open store connection and the workspace. */
final class Session implements AutoCloseable {
  /** The store's address as messages show it. */
  final String address;

  final SyncSettings sync;
  final KvStore store;
  final Workspace workspace;
  private final Optional<String> datacenter;
  private final LongSupplier requests;
  private final PrintWriter debugOut;

  private Session(
      String address,
      Optional<String> datacenter,
      SyncSettings sync,
      KvStore store,
      LongSupplier requests,
      Workspace ws,
      PrintWriter debugOut) {
    this.address = address;
    this.datacenter = datacenter;
    this.sync = sync;
    this.store = store;
    this.requests = requests;
    this.workspace = ws;
    this.debugOut = debugOut;
  }

  /**
   * {@code err} receives a request count on close when --debug is on; the token (or etcd password)
   * is added to {@code redactor} before anything can print it.
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
    if (options.etcd.selected(ctx, options.addr)) {
      EtcdSettings etcd = options.etcd.settings(ctx, options);
      etcd.password().ifPresent(redactor::addSecret);
      SyncSettings given = options.sync(0); // checked before any connection is made
      EtcdKvStore store = EtcdKvStore.connect(etcd, given.prefix());
      SyncSettings sync = withLimit(given, maxValueSize, store);
      String spelling = etcd.describe();
      StateStore state =
          new StateStore(
              sync.basepath(),
              identity(store, sync, spelling, handlerRun),
              sync.prefix(),
              spelling);
      return new Session(
          spelling,
          Optional.empty(),
          sync,
          store,
          store::requestCount,
          new Workspace(store, sync, state, ctx.clock()),
          options.debug ? err : null);
    }
    ConsulSettings consul = options.consul(ctx);
    consul.token().ifPresent(redactor::addSecret);
    consul.httpAuth().ifPresent(redactor::addSecret);
    SyncSettings given = options.sync(0); // checked before any connection is made
    ConsulKvStore store = ConsulKvStore.connect(consul);
    SyncSettings sync = withLimit(given, maxValueSize, store);
    String spelling =
        consul.describe() + consul.datacenter().map(dc -> " dc " + dc).orElse("") + consul.scope();
    StateStore state =
        new StateStore(
                sync.basepath(),
                identity(store, sync, spelling, handlerRun),
                sync.prefix(),
                spelling)
            .adoptingLegacy(consul.describe(), consul.datacenter().orElse(""));
    return new Session(
        consul.describe(),
        consul.datacenter(),
        sync,
        store,
        store::requestCount,
        new Workspace(store, sync, state, ctx.clock()),
        options.debug ? err : null);
  }

  private static SyncSettings withLimit(SyncSettings given, OptionalLong max, KvStore store) {
    return new SyncSettings(
        given.basepath(), given.prefix(), max.orElse(store.limits().maxValueSize()));
  }

  private static String identity(
      KvStore store, SyncSettings sync, String spelling, boolean handlerRun) {
    return (handlerRun
            ? StateStore.identityFor(sync.basepath(), sync.prefix(), spelling)
            : Optional.<String>empty())
        .orElseGet(store::identity);
  }

  /** "prefix fileconsul/ at http://127.0.0.1:8500, share directory /srv/share" */
  String where() {
    return "prefix "
        + sync.prefix()
        + "/ at "
        + address
        + datacenter.map(dc -> " (dc " + dc + ")").orElse("")
        + ", share directory "
        + sync.basepath();
  }

  @Override
  public void close() {
    if (debugOut != null) {
      debugOut.println("debug: " + requests.getAsLong() + " HTTP request(s) to " + address);
      debugOut.flush();
    }
    store.close();
  }
}
