package io.fileconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
  void aRunOfNoNamedCommandParsesThemAll() {
    List<Class<?>> seen = WarmUp.annotatedClasses(FileconsulCommand.needed(new String[0]));
    for (Class<?> c : FileconsulCommand.SUBCOMMANDS.values()) {
      assertEquals(true, seen.contains(c), c.getSimpleName());
    }
  }
}
