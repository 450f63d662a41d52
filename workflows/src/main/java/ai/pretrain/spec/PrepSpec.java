package ai.pretrain.spec;

/** How raw data becomes train/validation/test shards, and how many training labels the fine-tune stage may see. */
public record PrepSpec(
    Double validationFraction, Double testFraction, Double labeledFraction, Integer shardSize) {

  public PrepSpec {
    validationFraction = validationFraction == null ? 0.1 : validationFraction;
    testFraction = testFraction == null ? 0.1 : testFraction;
    labeledFraction = labeledFraction == null ? 0.01 : labeledFraction;
    shardSize = shardSize == null ? 2000 : shardSize;
  }

  public static PrepSpec defaults() {
    return new PrepSpec(null, null, null, null);
  }
}
