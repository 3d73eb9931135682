package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {
  @Test
  void parsesACommandsSuperclassAndEveryMixinItReaches() {
    assertEquals(
        List.of(
            PushCommand.class,
            SessionCommand.class,
            WriteOptions.class,
            ConnectionOptions.class,
            EtcdOptions.class),
        WarmUp.annotatedClasses(List.of(PushCommand.class)));
  }

  @Test
  void aRunOfEveryCommandWalksEachClassOnce() {
    List<Class<?>> seen = WarmUp.annotatedClasses(FileconsulCommand.needed(new String[0]));

    assertEquals(seen.size(), new HashSet<>(seen).size(), "walked twice: " + seen);
    // reached only through the commands' mixins
    for (Class<?> mixin :
        List.of(
            ConnectionOptions.class,
            EtcdOptions.class,
            WriteOptions.class,
            CheckOptions.class,
            ServiceOptions.class)) {
      assertEquals(true, seen.contains(mixin), mixin.getSimpleName());
    }
  }
}
