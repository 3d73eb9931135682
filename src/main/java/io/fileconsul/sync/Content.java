package io.fileconsul.sync;

/** What a file holds, as far as syncing cares: its bytes (by hash and size) and permission bits. */
public record Content(String sha256, long size, int mode) {
  public boolean sameAs(Content other) {
    return other != null && sha256.equals(other.sha256) && mode == other.mode;
  }
}
