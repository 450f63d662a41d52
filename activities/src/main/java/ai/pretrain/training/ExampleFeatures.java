package ai.pretrain.training;

import java.io.IOException;

/** Where a batch's features come from: a shard in memory, or a shard series read shard by shard. */
@FunctionalInterface
interface ExampleFeatures {

  /** Copies example {@code index}'s features into {@code target} at {@code offset}. */
  void copy(int index, float[] target, int offset) throws IOException;
}
