package ai.pretrain.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The documents of a converted text corpus: JSONL with {@code id}, {@code text} and, for labelled sets, {@code label}. */
public record TextCorpus(List<Document> documents) {

  /** One document; {@code label} is null in unlabelled corpora. */
  public record Document(String id, String text, String label) {}

  public static TextCorpus read(Path jsonl) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Document> documents = new ArrayList<>();
    try (BufferedReader lines = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = json.readTree(line);
        JsonNode label = node.get("label");
        documents.add(new Document(node.get("id").asText(), node.get("text").asText(),
            label == null || label.isNull() ? null : label.asText()));
      }
    }
    return new TextCorpus(List.copyOf(documents));
  }

  public List<String> texts() {
    return documents.stream().map(Document::text).toList();
  }

  /** Documents {@code from} (inclusive) to {@code to} (exclusive), for a held-out split by position. */
  public TextCorpus slice(int from, int to) {
    return new TextCorpus(documents.subList(from, to));
  }

  public int size() {
    return documents.size();
  }
}
