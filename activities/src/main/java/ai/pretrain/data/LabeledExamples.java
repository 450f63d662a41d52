package ai.pretrain.data;

import ai.pretrain.numerics.Permutation;
import java.util.Random;

/** Labeled examples read by index, whether a shard held in memory or a {@link ShardSeries} read block by block. */
public interface LabeledExamples {

  int size();

  int featureCount();

  /** 0 for a regression. */
  int classCount();

  /** Whether the examples carry continuous targets (regression) rather than class labels. */
  boolean isRegression();

  /** Copies example {@code index}'s features into {@code target} at {@code offset}. */
  void copyFeatures(int index, float[] target, int offset);

  /** Example {@code index}'s class; only a classification has one. */
  int label(int index);

  /** Example {@code index}'s continuous target; only a regression has one. */
  float target(int index);

  /** One epoch's example order drawn from {@code random}: by default a permutation of all examples. */
  default int[] epochOrder(Random random) {
    return Permutation.of(size(), random);
  }
}
