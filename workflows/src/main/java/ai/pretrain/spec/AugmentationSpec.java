package ai.pretrain.spec;

/**
 * One augmentation of the fine-tune stage's training images: the plugin's name, its strength ({@code null}: the
 * plugin's default) and the chance it is applied to an image drawn into a batch.
 */
public record AugmentationSpec(String name, Double magnitude, Double probability) {

  public static final double DEFAULT_PROBABILITY = 0.5;

  public AugmentationSpec {
    probability = probability == null ? DEFAULT_PROBABILITY : probability;
  }
}
