package io.fileconsul.fs;

import io.fileconsul.sync.Content;
import io.fileconsul.sync.LocalFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Describes a FIFO, device or socket from its attributes alone: opening one could block or worse.
 */
final class SpecialFiles {
  private static final int S_IFMT = 0170000;

  private SpecialFiles() {}

  static LocalFile describe(Path file, String rel) throws IOException {
    BasicFileAttributes attrs = FileModes.read(file);
    return new LocalFile(
        rel,
        Content.special(kind(file), FileModes.of(attrs)),
        attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
  }

  private static String kind(Path file) {
    int type;
    try {
      type = ((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & S_IFMT;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "special file"; // no unix view (not Linux or macOS): the kind is only for messages
    }
    return switch (type) {
      case 0010000 -> "FIFO";
      case 0020000 -> "character device";
      case 0060000 -> "block device";
      case 0140000 -> "socket";
      default -> "special file";
    };
  }
}
