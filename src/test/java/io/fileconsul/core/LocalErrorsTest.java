package io.fileconsul.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * The JDK's file exceptions have only the path as their message. As root in CI a read-only
 * directory cannot be made, so these are the exceptions the JDK throws for one.
 */
class LocalErrorsTest {
  @Test
  void aReadOnlyDirectorySaysPermissionDenied() {
    assertEquals(
        "/srv/share/.fileconsul: permission denied",
        LocalErrors.describe(new AccessDeniedException("/srv/share/.fileconsul")));
  }

  @Test
  void theOsReasonIsKeptWhenThereIsOne() {
    assertEquals(
        "/srv/share/a.txt: Read-only file system",
        LocalErrors.describe(
            new FileSystemException("/srv/share/a.txt", null, "Read-only file system")));
  }

  @Test
  void aMissingFileSaysSo() {
    assertEquals(
        "/etc/token: no such file or directory",
        LocalErrors.describe(new NoSuchFileException("/etc/token")));
  }

  @Test
  void otherExceptionsKeepTheirMessage() {
    assertEquals("disk on fire", LocalErrors.describe(new IOException("disk on fire")));
    assertEquals("IOException", LocalErrors.describe(new IOException()));
  }
}
