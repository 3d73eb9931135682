package io.fileconsul.diff;

import io.fileconsul.core.PathText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.HistogramDiff;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * A git-style unified diff of one path between two sides, rendered by JGit. An absent side is
 * /dev/null; a mode difference is shown as git shows it.
 */
public final class DiffRenderer {
  private static final String BOLD = "\u001b[1m";
  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String CYAN = "\u001b[36m";
  private static final String RESET = "\u001b[m";

  private final boolean color;
  private final String aLabel;
  private final String bLabel;

  /** {@code aLabel}/{@code bLabel} name the sides, e.g. "local" and "remote". */
  public DiffRenderer(boolean color, String aLabel, String bLabel) {
    this.color = color;
    this.aLabel = aLabel;
    this.bLabel = bLabel;
  }

  /** One side of a path: its bytes and permission bits, or absent. */
  public record Side(Optional<byte[]> bytes, int mode) {}

  /** As git: the whole "label/path" is quoted when the path needs it. */
  private static String name(String label, String path) {
    return PathText.quote(label + "/" + path);
  }

  public String render(String path, Side a, Side b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      header(out, "diff --fileconsul " + name(aLabel, path) + " " + name(bLabel, path));
      if (a.bytes().isEmpty()) {
        header(out, "new file mode " + gitMode(b.mode()));
      } else if (b.bytes().isEmpty()) {
        header(out, "deleted file mode " + gitMode(a.mode()));
      } else if (a.mode() != b.mode()) {
        header(out, "old mode " + gitMode(a.mode()));
        header(out, "new mode " + gitMode(b.mode()));
      }
      byte[] x = a.bytes().orElse(new byte[0]);
      byte[] y = b.bytes().orElse(new byte[0]);
      if (a.bytes().isPresent() && b.bytes().isPresent() && java.util.Arrays.equals(x, y)) {
        return out.toString(StandardCharsets.UTF_8);
      }
      String aName = a.bytes().isPresent() ? name(aLabel, path) : "/dev/null";
      String bName = b.bytes().isPresent() ? name(bLabel, path) : "/dev/null";
      if (RawText.isBinary(x) || RawText.isBinary(y)) {
        out.write(
            ("Binary files " + aName + " and " + bName + " differ\n")
                .getBytes(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
      }
      header(out, "--- " + aName);
      header(out, "+++ " + bName);
      RawText ta = new RawText(x);
      RawText tb = new RawText(y);
      EditList edits = new HistogramDiff().diff(RawTextComparator.DEFAULT, ta, tb);
      try (DiffFormatter f = new Formatter(out)) {
        f.format(edits, ta, tb);
        f.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private void header(OutputStream out, String line) throws IOException {
    String s = color ? BOLD + line + RESET + "\n" : line + "\n";
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String gitMode(int mode) {
    return String.format("100%03o", mode);
  }

  /** JGit's formatter with git's colours when asked for them. */
  private final class Formatter extends DiffFormatter {
    private final OutputStream out;

    Formatter(OutputStream out) {
      super(out);
      this.out = out;
    }

    @Override
    protected void writeHunkHeader(int aStart, int aEnd, int bStart, int bEnd) throws IOException {
      if (color) {
        out.write(CYAN.getBytes(StandardCharsets.US_ASCII));
      }
      super.writeHunkHeader(aStart, aEnd, bStart, bEnd);
      if (color) {
        // the header ended with a newline; colour must not leak into the next line
        out.write(RESET.getBytes(StandardCharsets.US_ASCII));
      }
    }

    @Override
    protected void writeLine(char prefix, RawText text, int cur) throws IOException {
      String c = prefix == '+' ? GREEN : prefix == '-' ? RED : null;
      if (color && c != null) {
        out.write(c.getBytes(StandardCharsets.US_ASCII));
        out.write(prefix);
        text.writeLine(out, cur);
        out.write(RESET.getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
      } else {
        super.writeLine(prefix, text, cur);
      }
    }
  }
}
