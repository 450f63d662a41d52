package ai.pretrain.plugin;

/**
 * A dataset as a {@link DatasetReader} returns it: row-major features, one class label per example, and how the
 * features are laid out. {@code rawScale} means the features keep their own units (a table of measurements), so data
 * prep standardizes them with the training split's mean and standard deviation; image pixels arrive in [0, 1].
 */
public record LabeledDataset(
    float[] features, int[] labels, int featureCount, int classCount, int imageHeight, int imageWidth,
    boolean rawScale) {

  public LabeledDataset {
    if (featureCount < 1 || features.length != labels.length * featureCount) {
      throw new IllegalArgumentException(
          features.length + " feature values do not make " + labels.length + " rows of " + featureCount);
    }
    if (imageHeight * imageWidth != 0 && imageHeight * imageWidth != featureCount) {
      throw new IllegalArgumentException(
          "an image of " + imageHeight + "x" + imageWidth + " does not have " + featureCount + " pixels");
    }
    for (int label : labels) {
      if (label < 0 || label >= classCount) {
        throw new IllegalArgumentException("label " + label + " is outside 0.." + (classCount - 1));
      }
    }
  }

  /** A table of measurements (not images), to be standardized. */
  public static LabeledDataset table(float[] features, int[] labels, int featureCount, int classCount) {
    return new LabeledDataset(features, labels, featureCount, classCount, 0, 0, true);
  }

  public int size() {
    return labels.length;
  }
}
