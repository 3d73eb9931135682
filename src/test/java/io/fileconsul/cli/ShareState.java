package io.fileconsul.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;

/** What a share directory holds, as comparable values: its files, its records, its temp files. */
final class ShareState {
  private ShareState() {}

  /** The share's files as "path=sha" lines, no record (a torn write would leave a temp file). */
  static List<String> contents(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      List<String> out = new ArrayList<>();
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = dir.relativize(p).toString();
        if (!rel.startsWith(".fileconsul/")) {
          out.add(rel + "=" + sha(Files.readAllBytes(p)));
        }
      }
      return out.stream().sorted().toList();
    }
  }

  /**
   * The sync records (.fileconsul/state-ID.json), name to a digest of what they claim: a failed run
   * saves the same record again, so the time it was saved is left out.
   */
  static Map<String, String> records(Path dir) throws IOException {
    Path state = dir.resolve(".fileconsul");
    if (!Files.isDirectory(state)) {
      return Map.of();
    }
    try (Stream<Path> s = Files.list(state)) {
      Map<String, String> out = new TreeMap<>();
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("state-")).toList()) {
        JsonObject claims = JsonParser.parseString(Files.readString(p)).getAsJsonObject();
        claims.remove("savedAtNanos");
        out.put(p.getFileName().toString(), sha(claims.toString().getBytes(UTF_8)));
      }
      return out;
    }
  }

  /** Temp files of an atomic write (fs/AtomicWriter's ".fileconsul-*.tmp") left anywhere. */
  static List<String> temps(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(
              p -> {
                String name = p.getFileName().toString();
                return name.startsWith(".fileconsul-") && name.endsWith(".tmp");
              })
          .map(p -> dir.relativize(p).toString())
          .toList();
    }
  }

  static String sha(byte[] b) {
    return DigestUtils.sha256Hex(b).substring(0, 16);
  }
}
