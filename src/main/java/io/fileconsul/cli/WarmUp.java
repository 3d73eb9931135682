package io.fileconsul.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.logging.LogManager;
import org.apache.commons.logging.LogFactory;

/**
 * Initialises, on the second core, what a run needs later and the main thread would otherwise
 * initialise in turn while picocli builds the command: the JDK's security providers (SHA-256 names
 * the sync record: 5-6 ms), java.util.logging (ecwid's transport logs through it: about 5 ms) and
 * commons-logging's discovery (Apache HttpClient's: 2-5 ms). Each is the JDK's or the library's own
 * one-time set-up, safe to run from any thread; the main thread waits on its class if it gets there
 * first. A daemon: a run that needs none of it (--help) ends without waiting.
 */
final class WarmUp {
  private WarmUp() {}

  static void start() {
    Thread t =
        new Thread(
            () -> {
              try {
                MessageDigest.getInstance("SHA-256");
              } catch (NoSuchAlgorithmException e) {
                // the run reports it where it hashes
              }
              LogManager.getLogManager();
              LogFactory.getLog(WarmUp.class);
            },
            "fileconsul-warm-up");
    t.setDaemon(true);
    t.start();
  }
}
