package ai.pretrain.training;

import ai.pretrain.data.ShardSeries;
import ai.pretrain.text.LanguageModelBatches;
import ai.pretrain.text.LanguageModelExamples;

/**
 * The token windows of a shard series (ids stored as floats), each cut to a window length and read as batches need
 * them, so a corpus larger than the heap trains shard by shard (see {@link ShardSeries}).
 */
final class TokenWindows {

  private final ShardSeries series;
  private final int length;

  TokenWindows(ShardSeries series, int length) {
    this.series = series;
    this.length = length;
  }

  int size() {
    return series.size();
  }

  int[] window(int index) {
    float[] row = new float[series.featureCount()];
    series.copyFeatures(index, row, 0);
    int[] window = new int[length];
    for (int t = 0; t < length; t++) {
      window[t] = (int) row[t];
    }
    return window;
  }

  /** The batches of a language-modelling objective over these windows, each epoch in the series' order. */
  TrainingLoop.Batches batches(LanguageModelExamples objective) {
    return TrainingLoop.Batches.inOrderOf(series,
        (manager, indices, random) -> LanguageModelBatches.build(manager, objective, this::window, indices, random));
  }
}
