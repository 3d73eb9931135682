package io.fileconsul.core;

/**
 * The exit-code contract that scripts and consul watch handlers act on; see README "Exit codes".
 */
public enum ExitCode {
  OK(0, "success, or everything in sync"),
  DIFFERENCES(1, "status or diff found differences"),
  USAGE(2, "usage error: bad option or argument"),
  CONFLICT(3, "conflict: both sides changed, or another writer won a compare-and-set"),
  REFUSED(
      4,
      "refused: value too large or mass delete (checked before writing), or a value or key"
          + " Consul itself refused"),
  UNAVAILABLE(5, "Consul unreachable, timed out, or answered 5xx (e.g. No cluster leader)"),
  DENIED(6, "Consul denied access (ACL not found, Permission denied, or keys hidden by ACLs)"),
  LOCAL_IO(7, "local file-system error"),
  INTERNAL(70, "internal error: a bug, please report it with the --debug output");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
