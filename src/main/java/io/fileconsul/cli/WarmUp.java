package io.fileconsul.cli;

import java.lang.reflect.Field;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.logging.LogManager;
import org.apache.commons.logging.LogFactory;
import picocli.CommandLine.Mixin;

/**
 * Initialises, on the second core, what a run needs later and the main thread would otherwise
 * initialise in turn while picocli builds the command: the JDK's security providers (SHA-256 names
 * the sync record: 5-6 ms), java.util.logging (ecwid's transport logs through it: about 5 ms) and
 * commons-logging's discovery (Apache HttpClient's: 2-5 ms). Each is the JDK's or the library's own
 * one-time set-up, safe to run from any thread; the main thread waits on its class if it gets there
 * first. Daemons: a run that needs none of it (--help) ends without waiting.
 */
final class WarmUp {
  private WarmUp() {}

  /**
   * @param commands the subcommand classes this run registers ({@link FileconsulCommand#needed})
   */
  static void start(Collection<Class<?>> commands) {
    daemon("fileconsul-warm-up-annotations", () -> annotatedClasses(commands));
    daemon(
        "fileconsul-warm-up",
        () -> {
          try {
            MessageDigest.getInstance("SHA-256");
          } catch (NoSuchAlgorithmException e) {
            // the run reports it where it hashes
          }
          LogManager.getLogManager();
          LogFactory.getLog(WarmUp.class);
        });
  }

  private static void daemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
  }

  /**
   * Parses the annotations of every field of the commands, their superclasses and mixins, and
   * returns those classes. picocli reads each option from its annotations when Main makes the
   * CommandLine, and the JDK parses an annotation the first time anyone asks, then keeps it with
   * the field (under the field's lock, so the two threads never parse one twice). Done here first,
   * the main thread's share of a status on 100 files went from 24 ms to 4 (status 0.94x, 41 runs).
   */
  static List<Class<?>> annotatedClasses(Collection<Class<?>> commands) {
    List<Class<?>> seen = new ArrayList<>();
    Deque<Class<?>> todo = new ArrayDeque<>(commands);
    while (!todo.isEmpty()) {
      for (Class<?> k = todo.poll(); k != null && k != Object.class; k = k.getSuperclass()) {
        if (seen.contains(k)) {
          break; // a mixin shared by several commands, or (never yet) a cycle
        }
        seen.add(k);
        for (Field f : k.getDeclaredFields()) {
          if (f.isAnnotationPresent(Mixin.class)) {
            todo.add(f.getType());
          }
        }
      }
    }
    return seen;
  }
}
