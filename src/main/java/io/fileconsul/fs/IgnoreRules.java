package io.fileconsul.fs;

import io.fileconsul.core.ExitCode;
import io.fileconsul.core.FileconsulException;
import io.fileconsul.sync.Glob;
import io.fileconsul.sync.KeyPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * {@code .fileconsulignore} in basepath, in gitignore syntax (our own linear {@link Glob}), applied
 * to local and remote paths alike. fileconsul's own state directory is always excluded.
 *
 * <p>The file is synced, so it is remote input: it is read only when it is a regular file (never
 * through a symlink, never a FIFO or device), up to {@link #MAX_BYTES} and {@link #MAX_RULES}.
 * Anything else fails the run (exit 4) rather than falling back to no rules, which would sync the
 * very paths the user meant to exclude.
 */
public final class IgnoreRules {
  public static final String FILE_NAME = ".fileconsulignore";

  /** Far above any real ignore file (git's own has about 250 lines), and keeps matching fast. */
  static final int MAX_BYTES = 64 * 1024;

  static final int MAX_RULES = 2_000;

  private record Rule(Glob glob, boolean negated, boolean dirOnly, boolean anchored) {
    boolean matches(String path, boolean directory) {
      if (dirOnly && !directory) {
        return false;
      }
      return glob.matches(anchored ? path : path.substring(path.lastIndexOf('/') + 1));
    }
  }

  /** One list per ignore file; a union of two files ignores what either ignores. */
  private final List<List<Rule>> ruleSets;

  private final Optional<String> sha256;

  private IgnoreRules(List<List<Rule>> ruleSets, Optional<String> sha256) {
    this.ruleSets = List.copyOf(ruleSets);
    this.sha256 = sha256;
  }

  public static IgnoreRules load(Path basepath) {
    Path file = basepath.resolve(FILE_NAME);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return none();
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    // Checked before opening: opening a FIFO for reading blocks until a writer comes.
    if (attrs.isSymbolicLink()) {
      throw refused(file.toString(), "is a symlink, and symlinks are never followed");
    }
    if (!attrs.isRegularFile()) {
      throw refused(file.toString(), "is not a regular file");
    }
    if (attrs.size() > MAX_BYTES) {
      throw refused(
          file.toString(), "is " + attrs.size() + " bytes, over the " + MAX_BYTES + "-byte limit");
    }
    byte[] bytes;
    try (InputStream in =
        Channels.newInputStream(
            Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      bytes = in.readNBytes(MAX_BYTES + 1); // it may have grown since it was checked
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    if (bytes.length > MAX_BYTES) {
      throw refused(file.toString(), "is over the " + MAX_BYTES + "-byte limit");
    }
    return parse(bytes, file.toString());
  }

  /**
   * Rules from an ignore file's bytes, e.g. the remote one a pull is about to install; held to the
   * same limits as a local one. {@code source} names it in messages.
   */
  public static IgnoreRules parse(byte[] content, String source) {
    if (content.length > MAX_BYTES) {
      throw refused(
          source, "is " + content.length + " bytes, over the " + MAX_BYTES + "-byte limit");
    }
    IgnoreRules rules = parse(new String(content, StandardCharsets.UTF_8), source);
    return new IgnoreRules(rules.ruleSets, Optional.of(DigestUtils.sha256Hex(content)));
  }

  static IgnoreRules parse(String text, Path file) {
    return parse(text, file.toString());
  }

  private static IgnoreRules parse(String text, String file) {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = stripTrailingSpaces(lines[i]);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (rules.size() == MAX_RULES) {
        throw refused(file, "has more than " + MAX_RULES + " rules");
      }
      try {
        rules.add(rule(line));
      } catch (IllegalArgumentException e) {
        throw refused(file, "has an invalid rule on line " + (i + 1) + " (" + e.getMessage() + ")");
      }
    }
    return new IgnoreRules(List.of(rules), Optional.empty());
  }

  private static Rule rule(String line) {
    String p = line;
    boolean negated = p.startsWith("!");
    if (negated) {
      p = p.substring(1);
    } else if (p.startsWith("\\!") || p.startsWith("\\#")) {
      p = p.substring(1);
    }
    boolean dirOnly = p.endsWith("/");
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    // A slash at the start or in the middle anchors the rule at basepath; otherwise it applies
    // to the name at any depth.
    boolean anchored = p.contains("/");
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.isEmpty()) {
      throw new IllegalArgumentException("nothing left to match");
    }
    return new Rule(Glob.compile(p), negated, dirOnly, anchored);
  }

  /** Trailing spaces are dropped unless escaped with a backslash, as git does. */
  private static String stripTrailingSpaces(String line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
      end--;
    }
    return line.substring(0, end);
  }

  private static FileconsulException refused(String file, String why) {
    return new FileconsulException(
        ExitCode.REFUSED,
        file
            + " "
            + why
            + ", so nothing was done"
            + " (ignoring it would sync the paths it excludes); replace it with a regular file of"
            + " gitignore rules, at most "
            + MAX_BYTES
            + " bytes and "
            + MAX_RULES
            + " rules");
  }

  private static FileconsulException unreadable(Path file, IOException e) {
    return new FileconsulException(
        ExitCode.LOCAL_IO,
        "cannot read " + file + ": " + e.getMessage() + "; fix its permissions or remove it");
  }

  public static IgnoreRules none() {
    return new IgnoreRules(List.of(), Optional.empty());
  }

  /** The hash of the file these rules came from; empty when there is none. */
  public Optional<String> sha256() {
    return sha256;
  }

  /**
   * A path is ignored when either rule set ignores it (both sides of a conflicting ignore file).
   */
  public IgnoreRules union(IgnoreRules other) {
    List<List<Rule>> all = new ArrayList<>(ruleSets);
    all.addAll(other.ruleSets);
    return new IgnoreRules(all, Optional.empty());
  }

  /** For a path met while walking top-down: its parents were already checked. */
  boolean ignoredEntry(String path, boolean directory) {
    if (path.equals(KeyPaths.STATE_DIR)) {
      return true;
    }
    for (List<Rule> rules : ruleSets) {
      if (ignoredBy(rules, path, directory)) {
        return true;
      }
    }
    return false;
  }

  /** The last matching rule decides, as in git. */
  private static boolean ignoredBy(List<Rule> rules, String path, boolean directory) {
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule r = rules.get(i);
      if (r.matches(path, directory)) {
        return !r.negated();
      }
    }
    return false;
  }

  /**
   * For a path from Consul: ignored if it or any of its directories is, each decided by the last
   * rule matching it, as {@link #ignoredEntry} would decide it walking down. All the directories
   * are matched in one pass per rule: a key can be 2,000 directories deep and the file 2,000 rules
   * long, and checking each directory in turn took minutes for one such key.
   */
  public boolean ignored(String path) {
    if (path.equals(KeyPaths.STATE_DIR) || path.startsWith(KeyPaths.STATE_DIR + "/")) {
      return true;
    }
    Glob.Names names = Glob.names(path);
    for (List<Rule> rules : ruleSets) {
      if (ignoredAtSomeDepth(rules, names)) {
        return true;
      }
    }
    return false;
  }

  private static boolean ignoredAtSomeDepth(List<Rule> rules, Glob.Names names) {
    int n = names.size();
    int[] lastMatch = new int[n + 1]; // lastMatch[j]: the last rule matching names[0..j)
    Arrays.fill(lastMatch, -1);
    for (int r = 0; r < rules.size(); r++) {
      Rule rule = rules.get(r);
      if (rule.anchored()) {
        BitSet m = rule.glob().prefixMatches(names);
        for (int j = m.nextSetBit(1); j >= 0; j = m.nextSetBit(j + 1)) {
          if (!rule.dirOnly() || j < n) {
            lastMatch[j] = r;
          }
        }
      } else {
        for (int j = 1; j <= n; j++) {
          if ((!rule.dirOnly() || j < n) && rule.glob().matchesName(names, j - 1)) {
            lastMatch[j] = r;
          }
        }
      }
    }
    for (int j = 1; j <= n; j++) {
      if (lastMatch[j] >= 0 && !rules.get(lastMatch[j]).negated()) {
        return true;
      }
    }
    return false;
  }
}
