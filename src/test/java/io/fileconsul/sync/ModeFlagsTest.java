package io.fileconsul.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModeFlagsTest {
  @Test
  void modesRoundTripThroughFlags() {
    for (int mode : new int[] {0644, 0755, 0600, 0777, 0}) {
      assertEquals(mode, ModeFlags.decode(ModeFlags.encode(mode)));
    }
    assertEquals(0x464301edL, ModeFlags.encode(0755)); // the documented wire value
  }

  @Test
  void flagsFromOtherToolsAreNotReadAsAMode() {
    assertEquals(0644, ModeFlags.decode(0));
    assertEquals(0644, ModeFlags.decode(42));
    assertEquals(0644, ModeFlags.decode(0x4643_1000L)); // marker, but a bit outside the mode
    assertEquals(0644, ModeFlags.decode(-1L)); // uint64 max
  }
}
