package io.fileconsul.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The remote side of a plan, key by key: what each listed key becomes (a synced entry, a key not
 * managed, a warning, or nothing), and whether the sync record of the path it names stays in scope.
 * The run selects {@code in}, and ignores every path holding "ignored".
 */
class RemoteSideTest {
  private static final RemoteSide.Scope SCOPE =
      new RemoteSide.Scope("fc", 10, PathFilter.of(List.of("in")), p -> p.contains("ignored"));
  private static final long MODE_0644 = ModeFlags.encode(0644);

  static Stream<Arguments> keys() {
    return Stream.of(
        // key, flags, session, what it becomes, the record of its path (null: no path)
        Arguments.of("fc/in/a.txt", MODE_0644, "", "synced", "kept"),
        Arguments.of("fc/in/no-mode", 0L, "", "synced", "kept"),
        Arguments.of("fc/out/a.txt", MODE_0644, "", "left out", "dropped"), // not selected
        Arguments.of("fc/in/ignored.txt", MODE_0644, "", "left out", "dropped"),
        Arguments.of("fc/in/lock", ForeignKeys.LOCK_FLAGS, "", "not managed", "dropped"),
        Arguments.of("fc/in/sem", ForeignKeys.SEMAPHORE_FLAGS, "", "not managed", "dropped"),
        Arguments.of("fc/in/held", MODE_0644, "session-1", "not managed", "dropped"),
        // Set apart even when ignored: a local file must not go over it either.
        Arguments.of("fc/in/ignored-lock", ForeignKeys.LOCK_FLAGS, "", "not managed", "dropped"),
        Arguments.of("fc/out/lock", ForeignKeys.LOCK_FLAGS, "", "left out", "dropped"),
        Arguments.of("fc/in/", 0L, "", "left out", null), // a folder marker
        Arguments.of(
            "fc/in/../x",
            0L,
            "",
            "warning: skipping unsafe key fc/in/../x:" + " '..' path segment",
            null),
        Arguments.of(
            "fc/in/a\nb",
            0L,
            "",
            "warning: skipping unsafe key \"fc/in/a\\nb\":" + " control character",
            null),
        Arguments.of(
            "fc/in/a\\b",
            0L,
            "",
            "warning: skipping unsafe key \"fc/in/a\\\\b\":" + " backslash",
            null),
        Arguments.of(
            "fc/.fileconsul/state",
            0L,
            "",
            "warning: skipping unsafe key"
                + " fc/.fileconsul/state: reserved for fileconsul's own state",
            null),
        Arguments.of(
            "fcx/in/a",
            0L,
            "",
            "warning: skipping unsafe key fcx/in/a:" + " outside the prefix",
            null));
  }

  @ParameterizedTest(name = "{0} flags={1} session={2} -> {3}, record {4}")
  @MethodSource("keys")
  void mapsEveryKindOfKey(String key, long flags, String session, String becomes, String record) {
    String path = key.substring("fc/".length());
    SyncBase base =
        new SyncBase(true, Map.of(path, new SyncRecord(path, new Content("h", 1, 0644), 5, 1)), 0);

    RemoteSide.Mapped m =
        RemoteSide.map(SCOPE, List.of(new RemoteSide.Listed(key, flags, session, "h", 1, 5)), base);

    assertEquals(becomes, outcome(m, path));
    if (record != null) {
      assertEquals(record, m.scoped().records().containsKey(path) ? "kept" : "dropped");
    }
  }

  private static String outcome(RemoteSide.Mapped m, String path) {
    if (m.entries().containsKey(path)) {
      return "synced";
    } else if (m.notManaged().contains(path)) {
      return "not managed";
    } else if (!m.warnings().isEmpty()) {
      return "warning: " + String.join(" | ", m.warnings());
    }
    return "left out";
  }

  @Test
  void aSyncedEntryCarriesItsKeyContentModeAndIndex() {
    long mode0755 = ModeFlags.encode(0755);
    RemoteSide.Mapped m =
        RemoteSide.map(
            SCOPE,
            List.of(new RemoteSide.Listed("fc/in/run.sh", mode0755, "", "abc", 42, 17)),
            SyncBase.none());

    assertEquals(
        Map.of(
            "in/run.sh",
            new RemoteEntry(
                "in/run.sh", "fc/in/run.sh", new Content("abc", 42, 0755), 17, mode0755)),
        m.entries());
  }

  @Test
  void aPathTooLongToCreateUnderTheShareDirectoryIsWarnedAbout() {
    String path = "in/" + "x".repeat(100); // 3992 + "/" + 103 bytes: one over
    RemoteSide.Scope deep = new RemoteSide.Scope("fc", 3992, SCOPE.filter(), SCOPE.ignored());

    RemoteSide.Mapped m =
        RemoteSide.map(
            deep, List.of(new RemoteSide.Listed("fc/" + path, 0, "", "h", 1, 5)), SyncBase.none());

    assertEquals(
        List.of(
            "skipping unsafe key fc/"
                + path
                + ": path of 4096 bytes with the share"
                + " directory, over the 4095-byte limit"),
        m.warnings());
    assertEquals(List.of(), List.copyOf(m.entries().keySet()));
  }

  @Test
  void entriesComeSortedNotManagedPathsInByteOrderAndWarningsInListingOrder() {
    RemoteSide.Mapped m =
        RemoteSide.map(
            SCOPE,
            List.of(
                new RemoteSide.Listed("fc/in/b", 0, "", "h", 1, 5),
                new RemoteSide.Listed("fc/in/z/..", 0, "", "h", 1, 5),
                new RemoteSide.Listed("fc/in/a", 0, "", "h", 1, 5),
                new RemoteSide.Listed("fc/in/\ud83d\ude00", 0, "s", "h", 1, 5),
                new RemoteSide.Listed("fc/in/a\\", 0, "", "h", 1, 5),
                new RemoteSide.Listed("fc/in/\uff21", 0, "s", "h", 1, 5)),
            SyncBase.none());

    assertEquals(List.of("in/a", "in/b"), List.copyOf(m.entries().keySet()));
    // UTF-8 byte order, as porcelain prints paths: U+FF21 before U+1F600, unlike String order.
    assertEquals(List.of("in/\uff21", "in/\ud83d\ude00"), List.copyOf(m.notManaged()));
    assertEquals(
        List.of(
            "skipping unsafe key fc/in/z/..: '..' path segment",
            "skipping unsafe key \"fc/in/a\\\\\": backslash"),
        m.warnings());
  }

  @Test
  void theScopedRecordKeepsSelectedPathsWhoseKeysAreGoneAndItsOwnStamps() {
    Content c = new Content("h", 1, 0644);
    SyncBase base =
        new SyncBase(
            true,
            Map.of(
                "in/gone", new SyncRecord("in/gone", c, 5, 1),
                "out/gone", new SyncRecord("out/gone", c, 5, 1)),
            123,
            9);

    SyncBase scoped = RemoteSide.map(SCOPE, List.of(), base).scoped();

    assertEquals(
        new SyncBase(true, Map.of("in/gone", new SyncRecord("in/gone", c, 5, 1)), 123, 9), scoped);
  }
}
