package ai.pretrain.plugin;

import java.util.List;

/** A text dataset as a {@link TextDatasetReader} returns it: each document's text and class, and the classes' names. */
public record LabeledTexts(List<String> texts, int[] labels, List<String> classNames) {

  public LabeledTexts {
    texts = List.copyOf(texts);
    classNames = List.copyOf(classNames);
    if (texts.size() != labels.length) {
      throw new IllegalArgumentException(texts.size() + " texts but " + labels.length + " labels");
    }
    for (int label : labels) {
      if (label < 0 || label >= classNames.size()) {
        throw new IllegalArgumentException("label " + label + " is outside 0.." + (classNames.size() - 1));
      }
    }
  }

  public int size() {
    return labels.length;
  }
}
