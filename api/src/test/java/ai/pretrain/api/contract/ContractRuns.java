package ai.pretrain.api.contract;

import ai.pretrain.api.FinishedRuns;
import ai.pretrain.api.artifacts.StoreReader;
import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.registry.ModelRegistry;
import ai.pretrain.api.registry.MoveAlias;
import ai.pretrain.api.registry.RegisterVersion;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.artifact.Sha256;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A finished run for the fuzzer to find through {@code GET /api/v1/runs}: artifacts with and without lineage, one
 * recorded but missing from the store, an exported model, and a classifier comparison (so the regression scores are
 * null), written without training (see {@link FinishedRuns}); and that run registered as a model's first version.
 */
final class ContractRuns implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final FinishedRuns runs;
  private final StoreReader store;

  ContractRuns(WorkflowClient client, StoreReader store) {
    this.runs = new FinishedRuns(client);
    this.store = store;
  }

  /** Completes one run under {@code owner} and returns its id. */
  String finishedRun(String owner) throws IOException {
    String runId = FinishedRuns.runId("contract");
    String prepared = folder("prepareData");
    String pretrained = folder("pretrain");
    store.write(prepared + "train.ptds", "rows".getBytes(StandardCharsets.UTF_8));
    store.write(pretrained + "encoder.safetensors", "weights".getBytes(StandardCharsets.UTF_8));
    store.write(pretrained + "encoder.safetensors.lineage.json", ("{\"stage\":\"pretrain\","
        + "\"runId\":\"" + runId + "\",\"createdAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
    // validation.ptds is recorded but not written: the store lost it, and its download answers 410.
    StageProgress prepare = stage("prepareData", prepared, Map.of(
        "train", ref(prepared + "train.ptds", "dataset-shard"),
        "validation", ref(prepared + "validation.ptds", "dataset-shard")), Map.of("trainExamples", 4.0));
    StageProgress pretrain = stage("pretrain", pretrained,
        Map.of("encoder", ref(pretrained + "encoder.safetensors", "checkpoint")), Map.of("loss", 0.5));
    String evaluated = folder("evaluate");
    store.write(evaluated + "model.safetensors", "weights".getBytes(StandardCharsets.UTF_8));
    store.write(evaluated + "model-card.json", "{}".getBytes(StandardCharsets.UTF_8));
    // The exported model, so the run can be registered and the registry's operations reach a real version.
    StageProgress evaluate = stage("evaluate", evaluated, Map.of(
            "model-safetensors", ref(evaluated + "model.safetensors", "model", "weights"),
            "model-card", ref(evaluated + "model-card.json", "model-card", "{}")),
        Map.of("pretrained.accuracy", 0.75, "pretrained.f1", 0.7, "scratch.accuracy", 0.5, "scratch.f1", 0.4));
    runs.complete(runId, "contract", owner, List.of(prepare, pretrain, evaluate));
    return runId;
  }

  /** Registers {@code runId}'s model as the first version of a new model, with alias {@code champion}; its name. */
  String registeredModel(ModelRegistry registry, String runId, Caller caller) {
    String model = "contract-" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
    registry.register(model, new RegisterVersion(runId), caller);
    registry.moveAlias(model, "champion", new MoveAlias(1), caller);
    return model;
  }

  private String folder(String stage) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return store.uriOf("stages/" + stage + "/" + HexFormat.of().formatHex(key) + "/");
  }

  private static ArtifactRef ref(String uri, String kind) {
    return new ArtifactRef(uri, "0".repeat(64), 4, kind);
  }

  private static ArtifactRef ref(String uri, String kind, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new ArtifactRef(uri, Sha256.of(bytes), bytes.length, kind);
  }

  private static StageProgress stage(String stage, String folder, Map<String, ArtifactRef> artifacts,
      Map<String, Double> metrics) {
    String key = folder.replaceAll(".*/([0-9a-f]{64})/$", "$1");
    return new StageProgress(stage, StageState.COMPLETED, false, key, metrics, artifacts, null);
  }

  @Override
  public void close() {
    runs.close();
  }
}
