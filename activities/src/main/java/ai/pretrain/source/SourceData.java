package ai.pretrain.source;

import ai.pretrain.plugin.LabeledDataset;
import java.util.List;

/**
 * A dataset read from a source: every example (those of a fixed test set last, from {@code testFrom}; -1 where there
 * is none), each example's id, and the dataset card.
 */
public record SourceData(LabeledDataset examples, int testFrom, List<String> ids, DatasetCard card) {

  public boolean hasFixedTest() {
    return testFrom >= 0;
  }
}
