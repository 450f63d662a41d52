package ai.pretrain.source;

import ai.pretrain.plugin.LabeledDataset;

/** The rows of a dataset held in memory (a built-in dataset, images). */
record DatasetRows(LabeledDataset dataset) implements ExampleRows {

  @Override
  public int size() {
    return dataset.size();
  }

  @Override
  public int featureCount() {
    return dataset.featureCount();
  }

  @Override
  public int classCount() {
    return dataset.classCount();
  }

  @Override
  public boolean regression() {
    return dataset.regression();
  }

  @Override
  public int label(int row) {
    return dataset.labels()[row];
  }

  @Override
  public float target(int row) {
    return dataset.targets()[row];
  }

  @Override
  public void features(int row, float[] into) {
    System.arraycopy(dataset.features(), row * dataset.featureCount(), into, 0, dataset.featureCount());
  }

  @Override
  public boolean anyMissing() {
    for (float value : dataset.features()) {
      if (Float.isNaN(value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean rawScale() {
    return dataset.rawScale();
  }

  @Override
  public int imageHeight() {
    return dataset.imageHeight();
  }

  @Override
  public int imageWidth() {
    return dataset.imageWidth();
  }

  @Override
  public int imageChannels() {
    return dataset.imageChannels();
  }
}
