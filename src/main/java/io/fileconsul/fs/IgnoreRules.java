package io.fileconsul.fs;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.sync.KeyPaths;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * {@code .fileconsulignore} in basepath, in gitignore syntax (JGit's matcher), applied to local
 * and remote paths alike. fileconsul's own state directory is always excluded.
 */
public final class IgnoreRules {
  public static final String FILE_NAME = ".fileconsulignore";
  private final List<IgnoreNode> nodes;
  private final Optional<String> sha256;

  private IgnoreRules(List<IgnoreNode> nodes, Optional<String> sha256) {
    this.nodes = nodes;
    this.sha256 = sha256;
  }

  public static IgnoreRules load(Path basepath) {
    byte[] content;
    try {
      content = Files.readAllBytes(basepath.resolve(FILE_NAME));
    } catch (NoSuchFileException e) {
      return none();
    } catch (IOException e) {
      throw new FileconsulException(ExitCode.LOCAL_IO, "cannot read " + basepath.resolve(FILE_NAME)
          + ": " + e.getMessage() + "; fix its permissions or remove it");
    }
    return parse(content);
  }

  /** Rules from an ignore file's bytes, e.g. the remote one a pull is about to install. */
  public static IgnoreRules parse(byte[] content) {
    IgnoreNode node = new IgnoreNode();
    try {
      node.parse(new ByteArrayInputStream(content));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a byte array cannot fail to read
    }
    return new IgnoreRules(List.of(node), Optional.of(DigestUtils.sha256Hex(content)));
  }

  public static IgnoreRules none() {
    return new IgnoreRules(List.of(), Optional.empty());
  }

  /** The hash of the file these rules came from; empty when there is none. */
  public Optional<String> sha256() {
    return sha256;
  }

  /** A path is ignored when either rule set ignores it (both sides of a conflicting ignore file). */
  public IgnoreRules union(IgnoreRules other) {
    List<IgnoreNode> all = new ArrayList<>(nodes);
    all.addAll(other.nodes);
    return new IgnoreRules(List.copyOf(all), Optional.empty());
  }

  /** For a path met while walking top-down: its parents were already checked. */
  boolean ignoredEntry(String path, boolean directory) {
    if (path.equals(KeyPaths.STATE_DIR)) {
      return true;
    }
    for (IgnoreNode node : nodes) {
      if (Boolean.TRUE.equals(node.checkIgnored(path, directory))) {
        return true;
      }
    }
    return false;
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
