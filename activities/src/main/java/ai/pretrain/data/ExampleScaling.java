package ai.pretrain.data;

import ai.pretrain.source.ExampleRows;
import java.io.IOException;
import java.util.BitSet;

/**
 * What data prep does to every example after the split, fitted on the training split: missing values filled and
 * features standardized where the data needs it (each null where not), a regression target standardized.
 */
record ExampleScaling(MissingValues missing, Standardization features, TargetStandardization target) {

  /** Features written as they are (token ids). */
  static final ExampleScaling NONE = new ExampleScaling(null, null, null);

  /**
   * The scaling that the training examples {@code train} of {@code examples} call for; {@code extraMissing}: another
   * set scaled alike (a separate pretraining set) has missing values.
   */
  static ExampleScaling fit(ExampleRows examples, int[] train, boolean extraMissing) throws IOException {
    // the feature statistics read the training rows in ascending order: a scan of a spooled table, not a seek a row;
    // marked in a bit set and read back in order, rather than sorted (millions of rows)
    BitSet rows = new BitSet(examples.size());
    for (int row : train) {
      rows.set(row);
    }
    int[] ascending = rows.stream().toArray();
    MissingValues missing = examples.anyMissing() || extraMissing ? MissingValues.fit(examples, ascending) : null;
    Standardization features = examples.rawScale() ? Standardization.fit(examples, ascending, missing) : null;
    TargetStandardization target = examples.regression() ? TargetStandardization.fit(examples, train) : null;
    return new ExampleScaling(missing, features, target);
  }

  /** Example {@code row} of {@code examples}, scaled, into {@code into}; a regression's target is the result. */
  float read(ExampleRows examples, int row, float[] into) throws IOException {
    examples.features(row, into);
    if (missing != null) {
      missing.apply(into);
    }
    if (features != null) {
      features.apply(into);
    }
    return target == null || !examples.regression() ? Float.NaN : target.apply(examples.target(row));
  }
}
