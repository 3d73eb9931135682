package io.fileconsul.fs;

import io.fileconsul.sync.Stamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A file's {@link Stamp} from one stat call, not following links. */
final class Stamps {
  private static final boolean UNIX =
      java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  private Stamps() {}

  static Stamp read(Path file) throws IOException {
    if (!UNIX) {
      return Stamp.ofMtime(
          Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS));
    }
    // The "unix" view is the JDK's own (sun.nio.fs) and the only one that exposes ctime and inode.
    Map<String, Object> a =
        Files.readAttributes(file, "unix:lastModifiedTime,ctime,ino", LinkOption.NOFOLLOW_LINKS);
    return new Stamp(
        ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
        ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS),
        (Long) a.get("ino"));
  }
}
