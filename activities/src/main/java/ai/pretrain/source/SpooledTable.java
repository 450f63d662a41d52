package ai.pretrain.source;

import java.io.IOException;
import java.util.List;

/**
 * The examples of a table read from a source: labels (or targets) in memory, one small value per row, and the
 * features in a {@link FeatureSpool}, encoded (categories one-hot) as each row is read back.
 */
final class SpooledTable implements ExampleRows, java.io.Closeable {

  private final FeatureSpool spool;
  private final List<FeatureColumn> columns;
  /** Class per row; null for a regression, and for an unlabeled set, whose rows are all class 0 of 1. */
  private final int[] labels;
  private final float[] targets;
  private final int classCount;
  private final int featureCount;
  private final float[] spooled;

  SpooledTable(FeatureSpool spool, List<FeatureColumn> columns, int[] labels, float[] targets, int classCount) {
    this.spool = spool;
    this.columns = columns;
    this.labels = labels;
    this.targets = targets;
    this.classCount = classCount;
    columns.forEach(FeatureColumn::freeze);
    this.featureCount = columns.stream().mapToInt(FeatureColumn::width).sum();
    this.spooled = new float[columns.size()];
  }

  @Override
  public int size() {
    return spool.rows();
  }

  @Override
  public int featureCount() {
    return featureCount;
  }

  @Override
  public int classCount() {
    return classCount;
  }

  @Override
  public boolean regression() {
    return targets != null;
  }

  @Override
  public int label(int row) {
    return labels == null ? 0 : labels[row];
  }

  @Override
  public float target(int row) {
    return targets[row];
  }

  @Override
  public void features(int row, float[] into) throws IOException {
    spool.read(row, spooled);
    int offset = 0;
    for (int c = 0; c < spooled.length; c++) {
      FeatureColumn column = columns.get(c);
      column.encode(spooled[c], into, offset);
      offset += column.width();
    }
  }

  @Override
  public boolean anyMissing() {
    return columns.stream().anyMatch(FeatureColumn::missingNumbers);
  }

  @Override
  public boolean rawScale() {
    return true;
  }

  @Override
  public int imageHeight() {
    return 0;
  }

  @Override
  public int imageWidth() {
    return 0;
  }

  @Override
  public int imageChannels() {
    return 0;
  }

  @Override
  public void close() throws IOException {
    spool.close();
  }
}
