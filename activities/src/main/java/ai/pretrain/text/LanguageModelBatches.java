package ai.pretrain.text;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import java.util.function.IntFunction;

/** Language-modelling batches: an objective's examples of the chosen windows as input ids, and targets with weights. */
public final class LanguageModelBatches {

  private LanguageModelBatches() {}

  /**
   * {inputs (B, S), labels (target ids (B, S), loss weights (B, S))} in {@code manager}: the objective's examples of
   * the windows at {@code indices}.
   */
  public static NDList[] build(NDManager manager, LanguageModelExamples objective, IntFunction<int[]> windows,
      int[] indices, Random random) {
    int[][] input = new int[indices.length][];
    int[][] target = new int[indices.length][];
    float[][] weight = new float[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      LanguageModelExamples.Example example = objective.example(windows.apply(indices[i]), random);
      input[i] = example.input();
      target[i] = example.target();
      weight[i] = example.weight();
    }
    return new NDList[] {new NDList(manager.create(input)),
        new NDList(manager.create(target), manager.create(weight))};
  }
}
