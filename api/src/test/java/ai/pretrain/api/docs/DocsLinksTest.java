package ai.pretrain.api.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README stays a front door into docs/: short, every page under docs/ reachable from it, and every relative link
 * leading to a file of the repository and to a heading of it.
 */
class DocsLinksTest {

  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

  private final Path root = RepositoryFiles.root();

  @Test
  void everyRelativeLinkResolves() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : DocPages.all(root)) {
      Matcher link = LINK.matcher(withoutCodeBlocks(RepositoryFiles.read(page)));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(root) || !Files.exists(resolved)) {
          broken.add(root.relativize(page) + ": " + target + " (no such file)");
        } else if (hash >= 0 && resolved.toString().endsWith(".md")
            && !anchors(resolved).contains(target.substring(hash + 1))) {
          broken.add(root.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertTrue(checked >= 50, "expected the documentation's links, found " + checked);
    if (!broken.isEmpty()) {
      fail("broken links:\n  " + String.join("\n  ", broken));
    }
  }

  @Test
  void theReadmeStaysShort() {
    long lines = RepositoryFiles.read(root.resolve("README.md")).lines().count();
    assertTrue(lines <= 150, "README.md has " + lines + " lines; it is the front door (at most 150): move details "
        + "into a page under docs/ and link it");
  }

  @Test
  void everyPageIsReachableFromTheReadme() {
    Set<Path> linked = new HashSet<>();
    List<Path> queue = new ArrayList<>(List.of(root.resolve("README.md")));
    while (!queue.isEmpty()) {
      Path page = queue.remove(0);
      if (!linked.add(page)) {
        continue;
      }
      Matcher link = LINK.matcher(withoutCodeBlocks(RepositoryFiles.read(page)));
      while (link.find()) {
        String file = link.group(1).replaceAll("#.*$", "");
        if (file.endsWith(".md") && !file.matches("^[a-z]+:.*")) {
          queue.add(page.getParent().resolve(file).normalize());
        }
      }
    }
    List<Path> unreachable = DocPages.all(root).stream().filter(p -> !linked.contains(p)).toList();
    assertTrue(unreachable.isEmpty(), "pages no link from README.md leads to: " + unreachable);
  }

  private static Set<String> anchors(Path page) {
    Set<String> anchors = new HashSet<>();
    Matcher heading = HEADING.matcher(RepositoryFiles.read(page).replaceAll("(?s)```.*?```", ""));
    while (heading.find()) {
      anchors.add(Markdown.anchor(heading.group(1).trim()));
    }
    return anchors;
  }

  /** The page without code, whose brackets and parentheses are no links. */
  private static String withoutCodeBlocks(String markdown) {
    return markdown.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "``");
  }
}
