package ai.pretrain.data;

import ai.pretrain.numerics.Permutation;
import ai.pretrain.spec.PrepSpec;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The seeded test, validation and training rows of a text dataset: the same split whichever tokenizer reads it, so a
 * run that imports a checkpoint and one that pretrains here are scored on the same documents.
 */
record TextSplit(int[] test, int[] validation, int[] train) {

  static TextSplit of(int documents, PrepSpec prep, long seed) {
    return of(documents, prep, seed, -1);
  }

  /**
   * As the method above where {@code testFrom} is -1; otherwise the documents from {@code testFrom} on are a fixed test
   * set and the others are split into validation and training only, as {@link DataPrepActivitiesImpl#split} does.
   */
  static TextSplit of(int documents, PrepSpec prep, long seed, int testFrom) {
    if (testFrom >= 0) {
      int[] order = Permutation.of(testFrom, new Random(seed));
      int validationCount = (int) Math.round(testFrom * prep.validationFraction());
      return new TextSplit(IntStream.range(testFrom, documents).toArray(),
          Arrays.copyOfRange(order, 0, validationCount), Arrays.copyOfRange(order, validationCount, testFrom));
    }
    int[] order = Permutation.of(documents, new Random(seed));
    int testCount = (int) Math.round(documents * prep.testFraction());
    int validationCount = (int) Math.round(documents * prep.validationFraction());
    return new TextSplit(Arrays.copyOfRange(order, 0, testCount),
        Arrays.copyOfRange(order, testCount, testCount + validationCount),
        Arrays.copyOfRange(order, testCount + validationCount, order.length));
  }
}
