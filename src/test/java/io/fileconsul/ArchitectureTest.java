package io.fileconsul;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers of README's Development section, as rules the build checks. */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMain() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fileconsul");
  }

  @Test
  void picocliOnlyInCli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.fileconsul.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(main);
  }

  @Test
  void syncIsPureAndSeesOnlyTheJdkAndCore() {
    classes()
        .that()
        .resideInAPackage("io.fileconsul.sync..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.fileconsul.sync..", "io.fileconsul.core..")
        .check(main);
  }

  @Test
  void theStorePortAndCoreSeeNoAdapter() {
    classes()
        .that()
        .resideInAnyPackage("io.fileconsul.store..", "io.fileconsul.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.fileconsul.store..", "io.fileconsul.core..")
        .check(main);
  }

  @Test
  void adaptersNeverReachUpIntoAppOrCli() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.fileconsul.consul..",
            "io.fileconsul.etcd..",
            "io.fileconsul.tls..",
            "io.fileconsul.fs..",
            "io.fileconsul.state..",
            "io.fileconsul.diff..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fileconsul.app..", "io.fileconsul.cli..")
        .check(main);
  }

  @Test
  void appSeesABackendOnlyThroughTheStorePort() {
    noClasses()
        .that()
        .resideInAPackage("io.fileconsul.app..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fileconsul.consul..",
            "io.fileconsul.etcd..",
            "org.apache.http..",
            "com.ecwid..",
            "com.google.gson..")
        .check(main);
  }

  @Test
  void sharedTlsSeesNoAdapter() {
    classes()
        .that()
        .resideInAPackage("io.fileconsul.tls..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax.net..",
            "io.fileconsul.tls..",
            "io.fileconsul.core..",
            "org.apache.http..")
        .check(main);
  }

  @Test
  void theEtcdAdapterSeesOnlyCoreAndTheStorePort() {
    classes()
        .that()
        .resideInAPackage("io.fileconsul.etcd..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax.net..",
            "io.fileconsul.etcd..",
            "io.fileconsul.store..",
            "io.fileconsul.core..",
            "io.fileconsul.tls..",
            "org.apache.http..",
            "com.google.gson..")
        .check(main);
  }

  @Test
  void theMetricsServerSeesOnlyTheJdkAndCore() {
    classes()
        .that()
        .resideInAPackage("io.fileconsul.metrics..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "com.sun.net.httpserver..", "io.fileconsul.metrics..", "io.fileconsul.core..")
        .check(main);
  }

  @Test
  void appCountsButNeverServesMetrics() {
    noClasses()
        .that()
        .resideInAPackage("io.fileconsul.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.sun.net.httpserver..")
        .check(main);
  }

  @Test
  void noSourceFileOver300Lines() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      List<String> long_ =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(ArchitectureTest::over300Lines)
              .map(Path::toString)
              .sorted()
              .toList();
      assertEquals(List.of(), long_, "files in src/main over 300 lines");
    }
  }

  /** pom.xml compiles with -XDstringConcat=inline; each indy concatenation costs start-up time. */
  @Test
  void noMainClassLinksStringConcatenationAtRunTime() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("target/classes"))) {
      List<String> indy =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .filter(ArchitectureTest::concatenatesThroughInvokedynamic)
              .map(Path::toString)
              .sorted()
              .toList();
      assertEquals(List.of(), indy, "classes with StringConcatFactory call sites");
    }
  }

  private static boolean concatenatesThroughInvokedynamic(Path p) {
    try {
      return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1)
          .contains("makeConcatWithConstants");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean over300Lines(Path p) {
    try (Stream<String> lines = Files.lines(p)) {
      return lines.count() > 300;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
