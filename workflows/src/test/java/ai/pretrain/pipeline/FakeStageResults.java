package ai.pretrain.pipeline;

import ai.pretrain.artifact.ArtifactRef;
import java.util.Map;

/** Stage results with an artifact unique to each stage, so a test can tell which stage's output a call received. */
public final class FakeStageResults {

  /** The prepared data, pretrained encoder and adapted model a sweep starts from. */
  public static final PreparedData DATA = data("train-000");
  public static final StageResult PRETRAINED = of(Stages.PRETRAIN, "encoder");
  public static final StageResult ADAPTED = of(Stages.ADAPT, "model");

  private FakeStageResults() {}

  public static StageResult of(String stage, String artifact) {
    return of(stage, artifact, Map.of(), false);
  }

  public static StageResult of(String stage, String artifact, Map<String, Double> metrics, boolean cacheHit) {
    ArtifactRef ref = new ArtifactRef("s3://artifacts/" + stage + "/" + artifact, "sha-" + stage + "-" + artifact,
        stage.length() + artifact.length(), artifact);
    return new StageResult(stage, Map.of(artifact, ref), metrics, cacheHit, "key-" + stage + "-" + artifact);
  }

  /** Prepared data with one artifact, {@code artifact}. */
  public static PreparedData data(String artifact) {
    return PreparedData.of(of(Stages.PREPARE_DATA, artifact));
  }

  /** A fine-tuned model scoring {@code validationAccuracy}, as a sweep trial reports it. */
  public static StageResult trained(String name, double validationAccuracy) {
    return of(Stages.FINE_TUNE, name, Map.of("validationAccuracy", validationAccuracy), false);
  }
}
