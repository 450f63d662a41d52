package ai.pretrain.api.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The user documentation: README.md and every page under docs/, with the fenced code blocks they show. */
final class DocPages {

  /** A fenced code block: the page, the line its opening fence is on, the fence's language, and its text. */
  record CodeBlock(Path page, int line, String language, String text) {
    String where() {
      return page + ":" + line;
    }
  }

  private DocPages() {}

  static List<Path> all(Path root) {
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  static List<CodeBlock> codeBlocks(Path page) {
    List<CodeBlock> blocks = new ArrayList<>();
    String[] lines = RepositoryFiles.read(page).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String fence = lines[i].stripLeading();
      if (!fence.startsWith("```")) {
        continue;
      }
      String language = fence.substring(3).trim();
      int start = i;
      StringBuilder text = new StringBuilder();
      for (i++; i < lines.length && !lines[i].stripLeading().startsWith("```"); i++) {
        text.append(lines[i]).append('\n');
      }
      blocks.add(new CodeBlock(page, start + 1, language, text.toString()));
    }
    return blocks;
  }
}
