package ai.pretrain.source;

import ai.pretrain.plugin.LabeledDataset;
import java.util.List;

/**
 * Images read from a source, in memory: every example (those of a fixed test set last, from {@code testFrom}; -1
 * where there is none), each example's id (its path or IDX position), and the dataset card.
 */
record ImageData(LabeledDataset examples, int testFrom, List<String> ids, DatasetCard card) {

  boolean hasFixedTest() {
    return testFrom >= 0;
  }

  SourceData rows() {
    return new SourceData(ExampleRows.of(examples), testFrom, ExampleIds.of(ids), card);
  }
}
