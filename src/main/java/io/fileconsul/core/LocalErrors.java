package io.fileconsul.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Says what went wrong with a local file in words: the JDK's exceptions carry only the path as
 * their message ("/srv/share/.fileconsul"), so printing getMessage() hid "permission denied".
 */
public final class LocalErrors {
  private LocalErrors() {}

  /** "/srv/share/.fileconsul: permission denied" */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException fs) {
      String what =
          fs.getFile() == null
              ? ""
              : fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile()) + ": ";
      return what + reason(fs);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String reason(FileSystemException e) {
    if (e.getReason() != null) {
      return e.getReason(); // the OS's own words, e.g. "Read-only file system"
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    } else if (e instanceof NotDirectoryException) {
      return "not a directory";
    } else if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    } else if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    return e.getClass().getSimpleName();
  }
}
