package ai.pretrain.api;

import ai.pretrain.api.temporal.TemporalConfig;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Shared pieces of the API tests that run workflows on the in-process Temporal test server with fake stages. */
public final class InProcessStages {

  private InProcessStages() {}

  /** A stage result whose artifacts point nowhere real; enough for the workflow and the API's views. */
  public static StageResult result(String stage, Map<String, Double> metrics) {
    ArtifactRef ref = new ArtifactRef("file:///tmp/" + stage, "0".repeat(64), 1, "model");
    return new StageResult(stage, Map.of("model", ref, "encoder", ref), metrics, false, stage + "-key");
  }

  /** Temporal settings for readers of the in-process server. */
  public static final class Config implements TemporalConfig {
    @Override public String address() { return "in-process"; }
    @Override public String namespace() { return "default"; }
    @Override public String uiUrl() { return "http://ui"; }
    @Override public Optional<String> tlsCert() { return Optional.empty(); }
    @Override public Optional<String> tlsKey() { return Optional.empty(); }
    @Override public Optional<String> tlsCa() { return Optional.empty(); }
    @Override public Duration rpcTimeout() { return Duration.ofSeconds(2); }
    // the inspector tests watch a run change from one read to the next
    @Override public Duration progressCacheTtl() { return Duration.ZERO; }
  }

  /** Data prep that returns at once. */
  public static final class FakeDataPrep implements DataPrepActivities {
    @Override
    public PreparedData prepareData(RunContext run, DatasetSpec dataset, PrepSpec prep) {
      return PreparedData.of(result("prepareData", Map.of()));
    }

    @Override
    public PreparedData prepareText(RunContext run, DatasetSpec dataset, PrepSpec prep, PretrainSpec pretrain) {
      return PreparedData.of(result("prepareData", Map.of()));
    }

    @Override
    public PreparedData prepareWithPretrainingData(RunContext run, DatasetSpec dataset, PrepSpec prep,
        PretrainSpec pretrain) {
      return PreparedData.of(result("prepareData", Map.of()));
    }

    @Override
    public PreparedData prepareCheckpointText(RunContext run, DatasetSpec dataset, PrepSpec prep, CheckpointSpec from,
        int sequenceLength) {
      return PreparedData.of(result("prepareData", Map.of()));
    }
  }
}
