package ai.pretrain.api.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

/** A checked-in page generated from a source of truth: the tests fail while it is stale, or rewrite it when asked. */
final class GeneratedPage {

  /** The command that rewrites every generated page. */
  static final String REGENERATE = "mvn -B -ntp -o test -pl api -am -Dtest='DocsReferenceTest,ApiReferenceTest' "
      + "-Dsurefire.failIfNoSpecifiedTests=false -Ddocs.regenerate=true";

  private GeneratedPage() {}

  /** Fails, naming the command that rewrites it, unless {@code file} holds {@code expected}. */
  static void check(Path file, String expected) {
    if (Boolean.getBoolean("docs.regenerate")) {
      RepositoryFiles.write(file, expected);
      return;
    }
    String actual = Files.exists(file) ? RepositoryFiles.read(file) : "";
    assertEquals(expected, actual, file + " is out of date with its source. Regenerate it with\n  " + REGENERATE
        + "\nand commit the result.");
  }
}
