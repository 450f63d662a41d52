package ai.pretrain.data;

/**
 * How data prep split a dataset, enough to redo it without the platform: {@link #ALGORITHM} in words, with the
 * run's seed and the spec's fractions. {@code fixedTest}: the test split is the spec's {@code dataset.test} set, and
 * the permutation covers the other rows only (into validation and training).
 */
public record DataSplit(long seed, double testFraction, double validationFraction, double labeledFraction,
    boolean fixedTest, String algorithm) {

  static final String ALGORITHM = "Rows 0..n-1 in the order the dataset is read are shuffled by Fisher-Yates "
      + "(for i from n-1 down to 1: j = random.nextInt(i + 1); swap order[i] and order[j]) with java.util.Random(seed); "
      + "the first round(n * testFraction) of that order are the test split, the next round(n * validationFraction) "
      + "the validation split and the rest the training split. The labeled subset takes, per class of the training "
      + "split in training order, a java.util.Collections.shuffle with java.util.Random(seed + 1) and keeps "
      + "max(1, round(count * labeledFraction)); a regression draws round(n * labeledFraction) rows the same way.";

  static DataSplit of(long seed, double testFraction, double validationFraction, double labeledFraction,
      boolean fixedTest) {
    return new DataSplit(seed, fixedTest ? 0 : testFraction, validationFraction, labeledFraction, fixedTest, ALGORITHM);
  }
}
