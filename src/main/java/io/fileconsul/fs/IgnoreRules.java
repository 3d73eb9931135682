package io.fileconsul.fs;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.sync.KeyPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * {@code .fileconsulignore} in basepath, in gitignore syntax (JGit's matcher), applied to local
 * and remote paths alike. fileconsul's own state directory is always excluded.
 */
public final class IgnoreRules {
  public static final String FILE_NAME = ".fileconsulignore";
  private final IgnoreNode node;

  private IgnoreRules(IgnoreNode node) {
    this.node = node;
  }

  public static IgnoreRules load(Path basepath) {
    IgnoreNode node = new IgnoreNode();
    try (InputStream in = Files.newInputStream(basepath.resolve(FILE_NAME))) {
      node.parse(in);
    } catch (NoSuchFileException e) {
      // no ignore file: nothing ignored
    } catch (IOException e) {
      throw new FileconsulException(ExitCode.LOCAL_IO, "cannot read " + basepath.resolve(FILE_NAME)
          + ": " + e.getMessage() + "; fix its permissions or remove it");
    }
    return new IgnoreRules(node);
  }

  public static IgnoreRules none() {
    return new IgnoreRules(new IgnoreNode());
  }

  /** For a path met while walking top-down: its parents were already checked. */
  boolean ignoredEntry(String path, boolean directory) {
    if (path.equals(KeyPaths.STATE_DIR)) {
      return true;
    }
    return Boolean.TRUE.equals(node.checkIgnored(path, directory));
  }

  /** For a path from Consul: ignored if it or any of its directories is. */
  public boolean ignored(String path) {
    for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      if (ignoredEntry(path.substring(0, i), true)) {
        return true;
      }
    }
    return ignoredEntry(path, false);
  }
}
