package ai.pretrain.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.pretrain.augment.AugmentationPipeline;
import ai.pretrain.data.LabeledExamples;
import ai.pretrain.spec.UnlabeledSpec;
import java.util.Random;

/**
 * The batches of semi-supervised fine-tuning ({@code fineTune.unlabeled}). An epoch is one pass over the unlabeled
 * images (the training split, or the separate pretraining set where data prep wrote one) in batches of {@code ratio}
 * times {@code fineTune.batchSize}; each batch holds that many labeled images drawn at random with their augmentations,
 * then its unlabeled images twice: weakly augmented (the labeled images' augmentations) and strongly augmented. Every
 * draw comes from the epoch's generator, so a resumed epoch sees the same images and views. {@link PseudoLabelLoss}
 * reads the layout. The unlabeled images stream in their series' epoch order; the labeled ones are drawn anywhere in
 * their split, so they are read block by block at random where that split is larger than a series holds whole.
 */
final class PseudoLabelling {

  private final LabeledExamples unlabeled;
  private final AugmentationPipeline weak;
  private final AugmentationPipeline strong;
  private final int ratio;

  PseudoLabelling(LabeledExamples unlabeled, AugmentationPipeline weak, AugmentationPipeline strong,
      UnlabeledSpec spec) {
    this.unlabeled = unlabeled;
    this.weak = weak;
    this.strong = strong;
    this.ratio = spec.ratio();
  }

  /** The loss that reads these batches. */
  static PseudoLabelLoss loss(UnlabeledSpec spec) {
    return new PseudoLabelLoss(spec.threshold(), spec.weight());
  }

  /** The unlabeled images an epoch passes over. */
  LabeledExamples unlabeled() {
    return unlabeled;
  }

  /** Unlabeled images per batch for {@code labeledBatch} labeled ones. */
  int batchSize(int labeledBatch) {
    return labeledBatch * ratio;
  }

  /** The batch of unlabeled images {@code indices}, with a labeled image drawn for each {@code ratio} of them. */
  NDList[] batch(LabeledExamples labeled, NDManager manager, int[] indices, Random random) {
    int f = labeled.featureCount();
    int u = indices.length;
    int n = Math.max(1, Math.round((float) u / ratio));
    float[] x = new float[(n + 2 * u) * f];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int example = random.nextInt(labeled.size());
      labeled.copyFeatures(example, x, i * f);
      y[i] = labeled.label(example);
    }
    for (int i = 0; i < u; i++) {
      unlabeled.copyFeatures(indices[i], x, (n + i) * f);
      unlabeled.copyFeatures(indices[i], x, (n + u + i) * f);
    }
    if (!weak.isEmpty()) {
      weak.apply(x, n + u, random);
    }
    strong.apply(x, n + u, u, random);
    return new NDList[] {
        new NDList(manager.create(x, new Shape(n + 2L * u, f))),
        new NDList(manager.create(y, new Shape(n)))
    };
  }
}
