package io.fileconsul.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The secrets of one run (the ACL token, once resolved), kept out of every line it prints. Made by
 * {@link Main#run} and handed to what prints: the commands and {@link ExitCodes}.
 */
final class Redactor {
  private final List<String> secrets = new ArrayList<>();

  void addSecret(String secret) {
    if (!secret.isEmpty()) {
      secrets.add(secret);
    }
  }

  /** Every output line that might echo input passes through here: no token ever leaves. */
  String redact(String s) {
    String r = s;
    for (String secret : secrets) {
      r = r.replace(secret, "<redacted>");
    }
    return r;
  }
}
