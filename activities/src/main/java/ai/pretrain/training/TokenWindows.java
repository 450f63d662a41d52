package ai.pretrain.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.pretrain.data.ShardSeries;
import ai.pretrain.text.LanguageModelBatches;
import ai.pretrain.text.LanguageModelExamples;
import java.util.Random;

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

  /** One epoch's window order, as {@link ShardSeries#epochOrder} draws it. */
  int[] epochOrder(Random random) {
    return series.epochOrder(random);
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

  /** The batches of a language-modelling objective over these windows, in {@link #epochOrder} order. */
  TrainingLoop.Batches batches(LanguageModelExamples objective) {
    return new TrainingLoop.Batches() {
      @Override
      public NDList[] build(NDManager manager, int[] indices, Random random) {
        return LanguageModelBatches.build(manager, objective, TokenWindows.this::window, indices,
            random);
      }

      @Override
      public int[] epochOrder(int examples, Random random) {
        return TokenWindows.this.epochOrder(random);
      }
    };
  }
}
