package io.fileconsul.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModeFlagsTest {
  @Test
  void modesRoundTripThroughFlags() {
    for (int mode : new int[] {0644, 0755, 0600, 0700, 0640, 0750}) {
      assertEquals(mode, ModeFlags.decode(ModeFlags.encode(mode)));
    }
    assertEquals(0x464301edL, ModeFlags.encode(0755)); // the documented wire value
  }

  @Test
  void ownerAlwaysReadsAndWritesAndNobodyElseEverWrites() {
    assertEquals(0600, ModeFlags.decode(ModeFlags.encode(0))); // used to lock a node out (exit 7)
    assertEquals(0755, ModeFlags.decode(ModeFlags.encode(0777)));
    assertEquals(0644, ModeFlags.decode(ModeFlags.encode(0666)));
    assertEquals(0705, ModeFlags.decode(ModeFlags.encode(0107)));
    assertEquals(0644, ModeFlags.normalize(0664)); // the local side gets the same rule
    assertEquals(0755, ModeFlags.normalize(04777)); // setuid and friends are never synced
  }

  @Test
  void flagsFromOtherToolsAreNotReadAsAMode() {
    assertEquals(0644, ModeFlags.decode(0));
    assertEquals(0644, ModeFlags.decode(42));
    assertEquals(0644, ModeFlags.decode(0x4643_1000L)); // marker, but a bit outside the mode
    assertEquals(0644, ModeFlags.decode(-1L)); // uint64 max
  }
}
