package ai.pretrain.plugin;

/**
 * A dataset as a {@link DatasetReader} returns it: row-major features, and per example either a class label
 * (classification: {@code labels}, {@code targets} null) or a continuous target (regression: {@code targets},
 * {@code labels} null, {@code classCount} 0), and how the features are laid out. {@code rawScale} means the features
 * keep their own units (a table of measurements), so data prep standardizes them with the training split's mean and
 * standard deviation; image pixels arrive in [0, 1], as {@link #imageChannels} planes of {@code imageHeight x
 * imageWidth} in turn (one grey plane, or red, green and blue).
 */
public record LabeledDataset(
    float[] features, int[] labels, float[] targets, int featureCount, int classCount, int imageHeight,
    int imageWidth, boolean rawScale) {

  public LabeledDataset {
    if ((labels == null) == (targets == null)) {
      throw new IllegalArgumentException("a dataset has either class labels or regression targets, not "
          + (labels == null ? "neither" : "both"));
    }
    int rows = labels == null ? targets.length : labels.length;
    if (featureCount < 1 || features.length != rows * featureCount) {
      throw new IllegalArgumentException(
          features.length + " feature values do not make " + rows + " rows of " + featureCount);
    }
    if (imageHeight * imageWidth != 0 && featureCount % (imageHeight * imageWidth) != 0) {
      throw new IllegalArgumentException("an image of " + imageHeight + "x" + imageWidth + " pixels per channel does "
          + "not have " + featureCount + " features");
    }
    if (labels == null) {
      if (classCount != 0) {
        throw new IllegalArgumentException("a regression dataset has no classes, not " + classCount);
      }
      for (int i = 0; i < targets.length; i++) {
        if (!Float.isFinite(targets[i])) {
          throw new IllegalArgumentException("target " + i + " is " + targets[i] + "; every target must be finite");
        }
      }
    } else {
      for (int label : labels) {
        if (label < 0 || label >= classCount) {
          throw new IllegalArgumentException("label " + label + " is outside 0.." + (classCount - 1));
        }
      }
    }
  }

  /** A classification dataset: one class label per example. */
  public LabeledDataset(float[] features, int[] labels, int featureCount, int classCount, int imageHeight,
      int imageWidth, boolean rawScale) {
    this(features, labels, null, featureCount, classCount, imageHeight, imageWidth, rawScale);
  }

  /** A classification table of measurements (not images), to be standardized. */
  public static LabeledDataset table(float[] features, int[] labels, int featureCount, int classCount) {
    return new LabeledDataset(features, labels, featureCount, classCount, 0, 0, true);
  }

  /** A regression table of measurements: one continuous target per example; features and target are standardized. */
  public static LabeledDataset regressionTable(float[] features, float[] targets, int featureCount) {
    return new LabeledDataset(features, null, targets, featureCount, 0, 0, 0, true);
  }

  /** Whether each example carries a continuous target rather than a class label. */
  public boolean regression() {
    return targets != null;
  }

  /** The channel planes of an image (1 grey, 3 RGB); 0 for a table. */
  public int imageChannels() {
    return imageHeight * imageWidth == 0 ? 0 : featureCount / (imageHeight * imageWidth);
  }

  public int size() {
    return regression() ? targets.length : labels.length;
  }
}
