package ai.pretrain.source;

import ai.pretrain.plugin.LabeledDataset;
import java.io.IOException;

/**
 * Labeled examples read one row at a time: a reader plugin's dataset in memory ({@link #of}), or a table read from a
 * source, whose features wait in a spool on local disk ({@link SpooledTable}) so that data prep holds only per-row
 * labels, never the table itself. A pretraining set's rows have no labels (one class, every label 0).
 */
public interface ExampleRows {

  int size();

  int featureCount();

  /** 0 for a regression. */
  int classCount();

  boolean regression();

  /** Row {@code row}'s class; only a classification has one. */
  int label(int row);

  /** Row {@code row}'s continuous target; only a regression has one. */
  float target(int row);

  /** Copies row {@code row}'s {@link #featureCount()} features into {@code into} from 0. */
  void features(int row, float[] into) throws IOException;

  /** Whether some feature value is missing (NaN), to be filled with the training split's mean. */
  boolean anyMissing() throws IOException;

  /** Whether the features keep their own units, so data prep standardizes them (a table, not pixels). */
  boolean rawScale();

  /** 0 when the examples are not images, as {@link #imageWidth()} and {@link #imageChannels()}. */
  int imageHeight();

  int imageWidth();

  int imageChannels();

  /** The rows of a dataset in memory. */
  static ExampleRows of(LabeledDataset dataset) {
    return new DatasetRows(dataset);
  }
}
