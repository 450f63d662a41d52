package ai.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

/** The packages of {@code activities} depend on each other one way: no cycle, however long. */
class PackageDependenciesTest {

  private static final Path SOURCES = Path.of("src/main/java/ai/pretrain");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?ai\\.pretrain\\.(\\w+)\\.", Pattern.MULTILINE);

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Set<String>> uses = packageImports();
    assertTrue(uses.containsKey("training"), "read the sources from " + SOURCES.toAbsolutePath());
    List<String> cycles = new ArrayList<>();
    for (String start : uses.keySet()) {
      List<String> path = cycleFrom(start, start, uses, new ArrayList<>(List.of(start)), new TreeSet<>());
      if (path != null) {
        cycles.add(String.join(" -> ", path));
      }
    }
    assertEquals(List.of(), cycles);
  }

  @Test
  void theTextPackageDependsOnNeitherTrainingNorData() throws IOException {
    Set<String> text = packageImports().get("text");
    assertTrue(!text.contains("training") && !text.contains("data"), "text imports " + text);
  }

  private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> uses, List<String> path,
      Set<String> seen) {
    for (String next : uses.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        List<String> cycle = new ArrayList<>(path);
        cycle.add(start);
        return cycle;
      }
      if (seen.add(next)) {
        path.add(next);
        List<String> found = cycleFrom(start, next, uses, path, seen);
        if (found != null) {
          return found;
        }
        path.remove(path.size() - 1);
      }
    }
    return null;
  }

  /** Each package of this module and the other packages of this module it imports from. */
  private static Map<String, Set<String>> packageImports() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String own = SOURCES.relativize(file).getName(0).toString();
        Set<String> imported = uses.computeIfAbsent(own, p -> new TreeSet<>());
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(own) && Files.isDirectory(SOURCES.resolve(m.group(1)))) {
            imported.add(m.group(1));
          }
        }
      }
    }
    return uses;
  }
}
