package io.fileconsul.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriterTest {
  @TempDir Path dir;

  @Test
  void theTempFileHasNoGroupOrOtherAccessFromItsFirstByte() throws IOException {
    int[][] cases = {{0600, 0600}, {0644, 0600}, {0755, 0700}, {0640, 0600}};
    for (int[] c : cases) {
      try (Snooping snoop = new Snooping(DirHandles.openRoot(dir))) {
        AtomicWriter.write(snoop, dir.getFileSystem().getPath("f" + c[0]), new byte[] {1, 2}, c[0]);

        assertEquals(
            List.of(c[1]), snoop.modesAtCreate, "temp file of a " + Integer.toOctalString(c[0]));
        assertEquals(c[0], FileModes.toInt(Files.getPosixFilePermissions(dir.resolve("f" + c[0]))));
      }
    }
    try (DirectoryStream<Path> left = Files.newDirectoryStream(dir, ".fileconsul-*")) {
      assertEquals(false, left.iterator().hasNext(), "a temp file was left behind");
    }
  }

  @Test
  void theUmaskPlaysNoPartInTheFinalMode() throws IOException {
    // The JVM's umask (022 here) would strip group write from a create mode; chmod afterwards
    // sets exactly what was asked, which is already normalized (ModeFlags.normalize).
    try (SecureDirectoryStream<Path> d = DirHandles.openRoot(dir)) {
      AtomicWriter.write(d, dir.getFileSystem().getPath("x"), new byte[0], 0751);
    }
    assertEquals(
        "rwxr-x--x",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("x"))));
  }

  /** Delegates everything, and reads each new file's mode the moment it is created. */
  private static final class Snooping implements SecureDirectoryStream<Path> {
    private final SecureDirectoryStream<Path> d;
    final List<Integer> modesAtCreate = new ArrayList<>();

    Snooping(SecureDirectoryStream<Path> d) {
      this.d = d;
    }

    @Override
    public SeekableByteChannel newByteChannel(
        Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
        throws IOException {
      SeekableByteChannel ch = d.newByteChannel(path, options, attrs);
      if (!options.contains(StandardOpenOption.CREATE_NEW)) {
        return ch; // the directory's own fsync
      }
      modesAtCreate.add(
          FileModes.toInt(
              d.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                  .readAttributes()
                  .permissions()));
      return ch;
    }

    @Override
    public SecureDirectoryStream<Path> newDirectoryStream(Path path, LinkOption... options)
        throws IOException {
      return d.newDirectoryStream(path, options);
    }

    @Override
    public void deleteFile(Path path) throws IOException {
      d.deleteFile(path);
    }

    @Override
    public void deleteDirectory(Path path) throws IOException {
      d.deleteDirectory(path);
    }

    @Override
    public void move(Path srcpath, SecureDirectoryStream<Path> targetdir, Path targetpath)
        throws IOException {
      d.move(srcpath, targetdir == this ? d : targetdir, targetpath);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Class<V> type) {
      return d.getFileAttributeView(type);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(
        Path path, Class<V> type, LinkOption... options) {
      return d.getFileAttributeView(path, type, options);
    }

    @Override
    public Iterator<Path> iterator() {
      return d.iterator();
    }

    @Override
    public void close() throws IOException {
      d.close();
    }
  }
}
