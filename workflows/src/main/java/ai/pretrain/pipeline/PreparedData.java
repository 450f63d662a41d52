package ai.pretrain.pipeline;

import ai.pretrain.artifact.ArtifactRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What data prep produced, typed: the task, the examples' shape (features, classes, image geometry, a text
 * vocabulary) and the named artifacts ({@link Artifacts}), beside the stage's metrics and cache outcome. Its JSON
 * holds {@link StageResult}'s fields too, and histories recorded when data prep returned a {@code StageResult} (no
 * typed fields) deserialize into it: the typed fields are then read from the metrics data prep has always recorded.
 *
 * @param features the values per example: pixels of every channel, table columns after encoding, or tokens
 * @param classes the number of classes; 0 for a regression
 * @param imageHeight 0 when the examples are not images, as {@code imageWidth} and {@code imageChannels}
 * @param vocabularySize the tokenizer's vocabulary for text, else 0
 */
public record PreparedData(
    String stage,
    Map<String, ArtifactRef> artifacts,
    Map<String, Double> metrics,
    boolean cacheHit,
    String cacheKey,
    String cacheNote,
    Task task,
    Integer features,
    Integer classes,
    Integer imageHeight,
    Integer imageWidth,
    Integer imageChannels,
    Integer vocabularySize) {

  /** What the labels are. */
  public enum Task { CLASSIFICATION, REGRESSION }

  /** The metric names data prep records the shape under, which the typed fields are read from in older results. */
  public static final String FEATURES = "features";
  public static final String CLASSES = "classes";
  public static final String IMAGE_HEIGHT = "imageHeight";
  public static final String IMAGE_WIDTH = "imageWidth";
  public static final String IMAGE_CHANNELS = "imageChannels";
  public static final String VOCABULARY_SIZE = "vocabularySize";
  /** The training targets' mean, which only a regression records. */
  public static final String TARGET_MEAN = "targetMean";

  public PreparedData {
    artifacts = artifacts == null ? Map.of() : artifacts;
    metrics = metrics == null ? Map.of() : metrics;
    task = task != null ? task : metrics.containsKey(TARGET_MEAN) ? Task.REGRESSION : Task.CLASSIFICATION;
    features = features != null ? features : metric(metrics, FEATURES, 0);
    classes = classes != null ? classes : metric(metrics, CLASSES, 0);
    imageHeight = imageHeight != null ? imageHeight : metric(metrics, IMAGE_HEIGHT, 0);
    imageWidth = imageWidth != null ? imageWidth : metric(metrics, IMAGE_WIDTH, 0);
    // results recorded before the channels were hold grey images: colour ones had no geometry then
    imageChannels = imageChannels != null ? imageChannels
        : imageHeight * imageWidth == 0 ? 0 : metric(metrics, IMAGE_CHANNELS, 1);
    vocabularySize = vocabularySize != null ? vocabularySize : metric(metrics, VOCABULARY_SIZE, 0);
  }

  /** Data prep's stage result, its typed fields read from the metrics it records them in. */
  public static PreparedData of(StageResult result) {
    return new PreparedData(result.stage(), result.artifacts(), result.metrics(), result.cacheHit(),
        result.cacheKey(), result.cacheNote(), null, null, null, null, null, null, null);
  }

  /** The stage's outcome as every stage reports it (progress, the run report). */
  public StageResult result() {
    return new StageResult(stage, artifacts, metrics, cacheHit, cacheKey, cacheNote);
  }

  /** The artifact named {@code name} ({@link Artifacts}); fails naming the ones there are. */
  public ArtifactRef artifact(String name) {
    return result().artifact(name);
  }

  /** The artifact named {@code name}, where data prep wrote one. */
  public Optional<ArtifactRef> optionalArtifact(String name) {
    return Optional.ofNullable(artifacts.get(name));
  }

  /** The shard series {@code <prefix>NNN} ({@link Artifacts#TRAIN_SHARDS}, ...), in order. */
  public List<ArtifactRef> shards(String prefix) {
    return artifacts.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getKey().substring(prefix.length()).matches("\\d+"))
        .sorted(Map.Entry.comparingByKey())
        .map(Map.Entry::getValue)
        .toList();
  }

  /** The shards pretraining reads: a separate unlabeled set where data prep wrote one, else the training split's. */
  public List<ArtifactRef> pretrainingShards() {
    List<ArtifactRef> separate = shards(Artifacts.PRETRAINING_SHARDS);
    return separate.isEmpty() ? shards(Artifacts.TRAIN_SHARDS) : separate;
  }

  /** The tokenizer of a text dataset, where there is one. */
  public Optional<ArtifactRef> tokenizer() {
    return optionalArtifact(Artifacts.TOKENIZER);
  }

  /** Whether the targets are numbers to predict rather than classes. */
  public boolean regression() {
    return task == Task.REGRESSION;
  }

  private static int metric(Map<String, Double> metrics, String name, int absent) {
    Double value = metrics.get(name);
    return value == null ? absent : value.intValue();
  }
}
