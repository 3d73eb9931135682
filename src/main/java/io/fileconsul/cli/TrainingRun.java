package io.fileconsul.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The build's training run for class-data sharing (JDK 17's dynamic archive, JDK 25's AOT cache):
 * one JVM that runs push, status, diff and pull against {@link TrainingConsul} on loopback, so the
 * archive holds the classes real runs load. A run against a closed port, the old training, left out
 * everything after the first request: 1,380 of a status's 2,426 classes still came from the jar or
 * the JDK's modules. Not a command: {@code java -cp fileconsul.jar io.fileconsul.cli.TrainingRun},
 * and the build checks that it exits 0.
 */
public final class TrainingRun {
  private TrainingRun() {}

  public static void main(String[] args) throws IOException {
    Path work = Files.createTempDirectory("fileconsul-training");
    try (TrainingConsul consul = TrainingConsul.start()) {
      Path share = Files.createDirectories(work.resolve("share"));
      for (int i = 0; i < 12; i++) {
        Files.writeString(
            Files.createDirectories(share.resolve("d" + i % 3)).resolve("f" + i + ".conf"),
            "key" + i + " = value\n".repeat(i + 1));
      }
      Path script = Files.writeString(share.resolve("handler.sh"), "#!/bin/sh\necho hi\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.writeString(share.resolve(".fileconsulignore"), "*.tmp\n");
      String[] at = {"--addr", consul.address(), "--prefix", "train", "--basepath"};

      run(0, "push", at, share);
      run(0, "status", at, share);
      run(0, "status", at, share); // the remote side from the record: a key listing only
      Files.writeString(share.resolve("d0/f0.conf"), "edited\n");
      run(1, "status", at, share);
      run(1, "diff", at, share);
      run(0, "push", at, share);
      consul.put("train/d1/f1.conf", "changed remotely\n".getBytes(StandardCharsets.UTF_8));
      run(0, "pull", at, share);
      Path fresh = work.resolve("fresh");
      run(0, "pull", at, fresh);
      run(
          0,
          "status",
          new String[] {
            "--porcelain", "--addr", consul.address(), "--prefix", "train", "--basepath"
          },
          fresh);
      // A pull of many files stages them and syncs the file system once (Puller.STAGE_FROM).
      Path many = Files.createDirectories(work.resolve("many"));
      for (int i = 0; i < 70; i++) {
        Files.writeString(
            Files.createDirectories(many.resolve("m" + i % 4)).resolve("f" + i), "v" + i + "\n");
      }
      String[] atMany = {"--addr", consul.address(), "--prefix", "train-many", "--basepath"};
      run(0, "push", atMany, many);
      run(0, "pull", atMany, work.resolve("many-fresh"));
    } finally {
      delete(work);
    }
  }

  private static void run(int expected, String command, String[] options, Path basepath) {
    String[] args = new String[options.length + 2];
    args[0] = command;
    System.arraycopy(options, 0, args, 1, options.length);
    args[args.length - 1] = basepath.toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(CliContext.system(), new PrintWriter(out), new PrintWriter(err), args);
    if (code != expected) {
      // The archive would miss what the failed run never reached: stop the build.
      throw new IllegalStateException(
          "training run: fileconsul "
              + command
              + " exited "
              + code
              + ", not "
              + expected
              + ": "
              + err.toString().strip());
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
