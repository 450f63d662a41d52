package ai.pretrain.spec;

/**
 * How raw data becomes train/validation/test shards, and how many training labels the fine-tune stage may see. A
 * training shard holds {@code shardSize} examples (default {@link #DEFAULT_SHARD_SIZE}) and never more than 32 MiB of
 * features, so a large table gives tens of shards, not thousands, and the prepared data's list of them stays small.
 */
public record PrepSpec(
    Double validationFraction, Double testFraction, Double labeledFraction, Integer shardSize) {

  public static final int DEFAULT_SHARD_SIZE = 100_000;

  public PrepSpec {
    validationFraction = validationFraction == null ? 0.1 : validationFraction;
    testFraction = testFraction == null ? 0.1 : testFraction;
    labeledFraction = labeledFraction == null ? 0.01 : labeledFraction;
    shardSize = shardSize == null ? DEFAULT_SHARD_SIZE : shardSize;
  }

  public static PrepSpec defaults() {
    return new PrepSpec(null, null, null, null);
  }
}
