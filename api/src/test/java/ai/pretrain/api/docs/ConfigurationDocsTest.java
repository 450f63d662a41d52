package ai.pretrain.api.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The configuration table in docs/operating.md lists exactly the environment variables the platform reads, each with
 * the processes that read it: the API's from its application.properties and its code, the worker's from the code of
 * the worker, activities and workflows modules.
 */
class ConfigurationDocsTest {

  private static final String PAGE = "docs/operating.md";
  private static final Pattern VARIABLE =
      Pattern.compile("\\b(?:PRETRAIN|WORKER|TEMPORAL|S3|DEV|MKL|OMP)_[A-Z0-9_]*[A-Z0-9]\\b");
  private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern PROPERTY_REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)");
  private static final Pattern TABLE_ROW = Pattern.compile("^\\| (`[A-Z].*?) \\| .*? \\| (API|worker|both) \\| .*\\|$");

  private final Path root = RepositoryFiles.root();

  @Test
  void theTableListsEveryVariableThePlatformReadsAndWho() {
    Map<String, Set<String>> read = new TreeMap<>();
    for (String module : new String[] {"workflows", "activities", "worker", "api"}) {
      String reader = module.equals("api") ? "API" : "worker";
      for (Path source : javaSources(root.resolve(module).resolve("src/main/java"))) {
        Matcher literal = STRING_LITERAL.matcher(RepositoryFiles.read(source));
        while (literal.find()) {
          Matcher variable = VARIABLE.matcher(literal.group());
          while (variable.find()) {
            read.computeIfAbsent(variable.group(), v -> new TreeSet<>()).add(reader);
          }
        }
      }
    }
    Matcher property = PROPERTY_REFERENCE.matcher(
        RepositoryFiles.read(root.resolve("api/src/main/resources/application.properties")));
    while (property.find()) {
      read.computeIfAbsent(property.group(1), v -> new TreeSet<>()).add("API");
    }
    assertTrue(read.size() >= 20, "found only " + read.keySet() + " in the sources");

    Map<String, String> documented = new TreeMap<>();
    for (String line : RepositoryFiles.read(root.resolve(PAGE)).split("\n")) {
      Matcher row = TABLE_ROW.matcher(line);
      if (row.matches()) {
        Matcher variable = VARIABLE.matcher(row.group(1));
        while (variable.find()) {
          documented.put(variable.group(), row.group(2));
        }
      }
    }
    Map<String, String> expected = new TreeMap<>();
    read.forEach((variable, readers) ->
        expected.put(variable, readers.size() == 2 ? "both" : readers.iterator().next()));
    List<String> differences = new ArrayList<>();
    expected.forEach((variable, readers) -> {
      if (!documented.containsKey(variable)) {
        differences.add(variable + " is read (" + readers + ") but has no row");
      } else if (!documented.get(variable).equals(readers)) {
        differences.add(variable + " is used by " + readers + ", not " + documented.get(variable));
      }
    });
    documented.keySet().stream().filter(v -> !expected.containsKey(v))
        .forEach(v -> differences.add(v + " has a row but nothing reads it"));
    assertTrue(differences.isEmpty(), "the configuration table in " + PAGE + " differs from what the code reads:\n  "
        + String.join("\n  ", differences));
  }

  private static Iterable<Path> javaSources(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
