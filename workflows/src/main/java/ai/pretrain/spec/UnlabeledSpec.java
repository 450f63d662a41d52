package ai.pretrain.spec;

import java.util.List;

/**
 * Semi-supervised fine-tuning on the unlabeled images beside the labeled ones: pseudo-labelling with consistency
 * (FixMatch, Sohn et al., 2020). An epoch is one pass over the unlabeled images (the training split, or
 * {@code pretrain.data} where given) in batches of {@code ratio} times {@code fineTune.batchSize}, each beside
 * {@code fineTune.batchSize} labeled images drawn at random. The model's prediction on an unlabeled image's weak view
 * (the labeled images' own augmentations) becomes its label wherever the predicted class has at least
 * {@code threshold} probability, and the model learns that label on a strong view ({@code augmentations}), the loss
 * weighted by {@code weight} and averaged over every unlabeled image of the batch.
 */
public record UnlabeledSpec(String method, Double threshold, Integer ratio, Double weight,
    List<AugmentationSpec> augmentations) {

  /** The one method built in. */
  public static final String PSEUDO_LABEL = "pseudo-label";

  public static final double DEFAULT_THRESHOLD = 0.95;

  public static final int DEFAULT_RATIO = 4;

  public UnlabeledSpec {
    method = method == null ? PSEUDO_LABEL : method;
    threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
    ratio = ratio == null ? DEFAULT_RATIO : ratio;
    weight = weight == null ? 1.0 : weight;
    augmentations = augmentations == null ? PretrainSpec.CONTRASTIVE_AUGMENTATIONS : List.copyOf(augmentations);
  }
}
