package io.fileconsul.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fileconsul.store.KvEntry;
import io.fileconsul.store.KvStore;
import io.fileconsul.store.Listing;
import io.fileconsul.sync.Content;
import io.fileconsul.sync.ModeFlags;
import io.fileconsul.sync.Stamp;
import io.fileconsul.sync.SyncBase;
import io.fileconsul.sync.SyncRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;

/**
 * The key-range walk against a store with Consul's index rules: whatever changed since the record,
 * the walk gives the full listing, or gives up; a write during the walk never yields a mix.
 */
class ChangedRangesTest {
  private static final String PREFIX = "fc";
  private static final int PLAIN = 0644;

  private final RangeIndexedStore store = new RangeIndexedStore();

  @Test
  void oneChangedKeyAmongManyIsReadInItsRangeAloneAndTheRestComesFromTheRecord() {
    tree(new Random(1), 2_000);
    SyncBase base = recordNow();
    String changed = store.entries.keySet().stream().skip(1_234).findFirst().orElseThrow();
    store.put(changed, bytes("changed"), ModeFlags.encode(PLAIN));

    ChangedRanges.Read read = walk(base).orElseThrow();

    assertSameAsFullListing(read.listing());
    assertEquals(1, read.rangesRead());
    assertTrue(read.requests() < 40, read.requests() + " requests for one changed key");
  }

  @Test
  void everyKindOfChangeIsSeenAcrossManyRandomTrees() {
    int walked = 0;
    for (int seed = 0; seed < 300; seed++) {
      store.entries.clear();
      store.tombstones.clear();
      Random rnd = new Random(seed);
      tree(rnd, 100 + rnd.nextInt(400));
      SyncBase base = recordNow();
      mutate(rnd, 1 + rnd.nextInt(6));
      Optional<ChangedRanges.Read> read = walk(base);
      if (read.isPresent()) { // giving up (too many changed ranges) is always allowed
        assertSameAsFullListing(read.get().listing());
        walked++;
      }
    }
    assertTrue(walked > 200, "walked " + walked + " of 300: the property was hardly tried");
  }

  @Test
  void aWriteDuringTheWalkGivesTheListingFromBeforeItOrNothing() {
    for (int at = 1; at < 40; at++) {
      store.entries.clear();
      store.tombstones.clear();
      Random rnd = new Random(at);
      tree(rnd, 600);
      SyncBase base = recordNow();
      mutate(rnd, 2);
      Listing before = store.list(PREFIX);
      List<String> keys = new ArrayList<>(store.entries.keySet());
      String target = keys.get(rnd.nextInt(keys.size()));
      int[] requests = {0};
      int writeAt = at;
      store.beforeRequest =
          () -> {
            if (++requests[0] == writeAt) {
              store.put(target, bytes("during the walk"), ModeFlags.encode(PLAIN));
            }
          };
      Optional<ChangedRanges.Read> read = walk(base);
      store.beforeRequest = () -> {};
      read.ifPresent(
          r -> assertEquals(described(before), described(r.listing()), "write at " + writeAt));
    }
  }

  @Test
  void aRecordedKeyDeletedWhoseTombstoneWasReapedIsGoneAllTheSame() {
    tree(new Random(7), 300);
    SyncBase base = recordNow();
    String gone = store.entries.firstKey();
    store.delete(gone);
    store.reap(gone);
    store.put(store.entries.lastKey(), bytes("another change"), ModeFlags.encode(PLAIN));

    Listing l = walk(base).orElseThrow().listing();

    assertSameAsFullListing(l);
    assertTrue(l.entries().stream().noneMatch(e -> e.key().equals(gone)));
  }

  @Test
  void aKeyTheRecordDoesNotVouchForIsReadThoughItsRangeIsOld() {
    tree(new Random(8), 300);
    String unrecorded = PREFIX + "/zz/unrecorded.txt";
    store.put(unrecorded, bytes("there before the record"), ModeFlags.encode(PLAIN));
    SyncBase base = recordNow(unrecorded);
    store.put(store.entries.firstKey(), bytes("a change elsewhere"), ModeFlags.encode(PLAIN));

    assertSameAsFullListing(walk(base).orElseThrow().listing());
  }

  @Test
  void keysThatStartOneAnotherAndKeysBeyondTheBasicPlaneSplitCleanly() {
    for (String k :
        List.of("a", "a.bak", "a/b", "a/b/c", "ab", "é/😀1", "é/😀2", "é/😁", "𝄞", "𝄞x")) {
      for (int i = 0; i < 30; i++) {
        store.put(PREFIX + "/" + k + "/" + i, bytes(k + i), ModeFlags.encode(PLAIN));
      }
      store.put(PREFIX + "/" + k, bytes(k), ModeFlags.encode(PLAIN));
    }
    SyncBase base = recordNow();
    store.put(PREFIX + "/é/😀2/7", bytes("changed"), ModeFlags.encode(PLAIN));
    store.delete(PREFIX + "/a.bak");

    assertSameAsFullListing(walk(base).orElseThrow().listing());
  }

  /** Consul redirects "d/." to "d": such a start is split, never asked about. */
  @Test
  void namesStartingWithDotsAreSplitWithoutAskingAboutADotSegment() {
    for (String dir : List.of("", "etc/", "etc/x/")) {
      for (String name : List.of(".a", ".b", "..c", "..d", "...e", ".f.", "g")) {
        for (int i = 0; i < 20; i++) {
          store.put(PREFIX + "/" + dir + name + i, bytes(dir + name + i), ModeFlags.encode(PLAIN));
        }
      }
    }
    SyncBase base = recordNow();
    store.put(PREFIX + "/etc/..c7", bytes("changed"), ModeFlags.encode(PLAIN));
    store.put(PREFIX + "/.a3", bytes("changed"), ModeFlags.encode(PLAIN));

    assertSameAsFullListing(walk(base).orElseThrow().listing());
    assertTrue(KeyStarts.sendable(PREFIX + "/.a"));
    assertTrue(!KeyStarts.sendable(PREFIX + "/.") && !KeyStarts.sendable(PREFIX + "//x"));
  }

  @Test
  void nothingChangedOrAnEmptyPrefixIsNotForTheWalk() {
    tree(new Random(9), 100);
    SyncBase base = recordNow();
    assertTrue(walk(base).isEmpty(), "the index did not move: UnchangedRemote's case");
    store.entries.keySet().stream().toList().forEach(store::delete);
    assertTrue(walk(base).isEmpty(), "no key left: the full listing tells empty from unreadable");
  }

  @Test
  void aChangeAcrossMostOfTheTreeGivesUpForTheFullListing() {
    tree(new Random(10), 3_000);
    SyncBase base = recordNow();
    List<String> keys = new ArrayList<>(store.entries.keySet());
    for (int i = 0; i < keys.size(); i += 7) {
      store.put(keys.get(i), bytes("all over"), ModeFlags.encode(PLAIN));
    }
    assertTrue(walk(base).isEmpty());
    assertTrue(store.rangeRequests <= ChangedRanges.MAX_REQUESTS + 1, store.rangeRequests + "");
  }

  private Optional<ChangedRanges.Read> walk(SyncBase base) {
    store.rangeRequests = 0;
    Map<String, KvStore.Known> known = new HashMap<>();
    base.records()
        .forEach(
            (path, r) ->
                known.put(
                    PREFIX + "/" + path,
                    new KvStore.Known(r.modifyIndex(), r.content().sha256(), r.content().size())));
    return ChangedRanges.read(store, PREFIX, store.keys(PREFIX), base, 10, known);
  }

  /** A record exact at the store's index now, of every key but {@code unrecorded}. */
  private SyncBase recordNow(String... unrecorded) {
    Map<String, SyncRecord> records = new HashMap<>();
    store.entries.forEach(
        (key, e) -> {
          if (List.of(unrecorded).contains(key)) {
            return;
          }
          String path = key.substring(PREFIX.length() + 1);
          records.put(
              path,
              new SyncRecord(
                  path,
                  new Content(DigestUtils.sha256Hex(e.value()), e.value().length, mode(e.flags())),
                  e.modifyIndex(),
                  new Stamp(1, 1, 1)));
        });
    return new SyncBase(true, records, 1, store.prefixIndex(PREFIX));
  }

  private static int mode(long flags) {
    return flags == ModeFlags.encode(0755) ? 0755 : PLAIN;
  }

  /** A tree with folders, files at every level, names that share their start. */
  private void tree(Random rnd, int n) {
    String[] names = {"a", "ab", "abc", "b", "conf", "conf.d", "d0", "d1", "d10", "x"};
    for (int i = 0; i < n; i++) {
      StringBuilder key = new StringBuilder(PREFIX);
      int depth = rnd.nextInt(4);
      for (int d = 0; d < depth; d++) {
        key.append('/').append(names[rnd.nextInt(names.length)]);
      }
      key.append("/f").append(rnd.nextInt(n * 3)).append(rnd.nextBoolean() ? ".json" : "");
      store.put(key.toString(), bytes("v" + i), ModeFlags.encode(PLAIN));
    }
  }

  private void mutate(Random rnd, int changes) {
    for (int c = 0; c < changes; c++) {
      List<String> keys = new ArrayList<>(store.entries.keySet());
      String k = keys.get(rnd.nextInt(keys.size()));
      Map.Entry<String, RangeIndexedStore.Entry> e = Map.entry(k, store.entries.get(k));
      switch (rnd.nextInt(5)) {
        case 0 -> store.put(k, bytes("new value " + c), e.getValue().flags());
        case 1 -> store.put(k, e.getValue().value(), ModeFlags.encode(0755)); // flags alone
        case 2 -> store.delete(k);
        case 3 -> { // deleted and made again with the same bytes
          store.delete(k);
          store.put(k, e.getValue().value(), e.getValue().flags());
        }
        default -> store.put(k + ".new", bytes("created " + c), ModeFlags.encode(PLAIN));
      }
    }
  }

  private void assertSameAsFullListing(Listing walked) {
    Listing full = store.list(PREFIX);
    assertEquals(full.index(), walked.index());
    assertEquals(described(full), described(walked));
  }

  /** Entries as the plan sees them: key, flags, index, hash, size. */
  private static Map<String, String> described(Listing l) {
    Map<String, String> d = new TreeMap<>();
    for (KvEntry e : l.entries()) {
      String was =
          d.put(
              e.key(),
              e.flags() + " " + e.modifyIndex() + " " + e.sha256() + " " + e.size() + e.session());
      assertEquals(null, was, "listed twice: " + e.key());
    }
    return d;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
