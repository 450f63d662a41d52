package ai.pretrain.training;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.data.PixelStatistics;
import ai.pretrain.data.ShardSeries;
import ai.pretrain.data.Shards;
import ai.pretrain.huggingface.CheckpointArtifacts;
import ai.pretrain.huggingface.CheckpointFolder;
import ai.pretrain.huggingface.CheckpointImport;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.ContinuedPretrainingSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.ActivityHeartbeat;
import ai.pretrain.stage.Heartbeat;
import ai.pretrain.stage.StageRun;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.SourceObjects;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The training stages as Temporal activities; each is skipped when the stage cache holds its result. */
public class TrainingActivitiesImpl implements TrainingActivities {

  private final StageRunner stages;
  private final Duration checkpointInterval;
  private final SourceObjects sources;
  private final long inMemoryBytes;

  public TrainingActivitiesImpl(StageRunner stages, Duration checkpointInterval) {
    this(stages, checkpointInterval, SourceObjects.fromEnvironment(System.getenv()));
  }

  /** With {@code sources} to read imported checkpoints ({@code pretrain.from}) through. */
  public TrainingActivitiesImpl(StageRunner stages, Duration checkpointInterval, SourceObjects sources) {
    this(stages, checkpointInterval, sources, ShardSeries.IN_MEMORY_BYTES);
  }

  /** With fine-tuning holding a split whole only when its features fit {@code inMemoryBytes} (tests lower it). */
  TrainingActivitiesImpl(StageRunner stages, Duration checkpointInterval, SourceObjects sources, long inMemoryBytes) {
    this.stages = stages;
    this.checkpointInterval = checkpointInterval;
    this.sources = sources;
    this.inMemoryBytes = inMemoryBytes;
  }

  @Override
  public StageResult pretrain(RunContext run, PretrainSpec pretrain, PreparedData data) {
    try (ActivityHeartbeat heartbeat = ActivityHeartbeat.start()) {
      return pretrain(run, pretrain, data, heartbeat);
    }
  }

  private StageResult pretrain(RunContext run, PretrainSpec pretrain, PreparedData data, ActivityHeartbeat heartbeat) {
    if (pretrain.importsCheckpoint()) {
      return importCheckpoint(run, pretrain);
    }
    if (pretrain.usesTransformer()) {
      return pretrainLanguageModel(run, pretrain, data, heartbeat);
    }
    List<ArtifactRef> inputs = new ArrayList<>(data.pretrainingShards());
    inputs.add(data.artifact(Artifacts.VALIDATION));
    Map<String, Object> config = new LinkedHashMap<>(Map.of("pretrain", pretrain, "seed", run.seed()));
    putPixelStatistics(config, data);
    return stages.run(run, Stages.PRETRAIN, config, inputs,
        stage -> PluginRegistry.shared().get(ImageObjective.KIND, pretrain.objective(), "pretrain.objective")
            .pretrain(context(stage, run, heartbeat), pretrain, data));
  }

  /**
   * A published checkpoint instead of pretraining: its files are read (and hashed) first, so that their sha256 are the
   * stage's inputs, in its cache key and lineage like any artifact's.
   */
  private StageResult importCheckpoint(RunContext run, PretrainSpec pretrain) {
    try (CheckpointFolder folder = CheckpointFolder.download(sources, pretrain.from())) {
      Map<String, Object> config = Map.of("from", pretrain.from());
      return stages.run(run, Stages.PRETRAIN, config, List.copyOf(folder.files().values()),
          stage -> CheckpointImport.run(stage, folder));
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidCheckpoint");
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
  }

  /** Masked or causal language modelling on the corpus windows data prep tokenized. */
  private StageResult pretrainLanguageModel(RunContext run, PretrainSpec pretrain, PreparedData data,
      ActivityHeartbeat heartbeat) {
    List<ArtifactRef> corpus = data.shards(Artifacts.CORPUS_SHARDS);
    List<ArtifactRef> inputs = new ArrayList<>(corpus);
    inputs.add(data.artifact(Artifacts.CORPUS_VALIDATION));
    inputs.add(data.artifact(Artifacts.TOKENIZER));
    Map<String, Object> config = Map.of("pretrain", pretrain, "seed", run.seed());
    return stages.run(run, Stages.PRETRAIN, config, inputs,
        stage -> new LanguageModelTraining(context(stage, run, heartbeat), pretrain)
            .run(stage.download(data.artifact(Artifacts.TOKENIZER), "tokenizer.json"),
                ShardSeries.download(stage, corpus),
                Shards.read(stage, List.of(data.artifact(Artifacts.CORPUS_VALIDATION))), null));
  }

  @Override
  public StageResult adapt(
      RunContext run, PretrainSpec architecture, AdaptSpec adapt, PreparedData data, StageResult pretrained) {
    try (ActivityHeartbeat heartbeat = ActivityHeartbeat.start()) {
      return adapt(run, architecture, adapt, data, pretrained, heartbeat);
    }
  }

  private StageResult adapt(RunContext run, PretrainSpec architecture, AdaptSpec adapt, PreparedData data,
      StageResult pretrained, ActivityHeartbeat heartbeat) {
    if (pretrained != null && adapt.continuedPretraining() != null) {
      StageResult domain = architecture.importsCheckpoint()
          ? continueCheckpointPretraining(run, architecture, adapt.continuedPretraining(), data, pretrained, heartbeat)
          : continuePretraining(run, architecture, adapt.continuedPretraining(), data, pretrained, heartbeat);
      StageResult adapted = classifier(run, architecture.encoder(), adapt, data, domain, heartbeat);
      Map<String, Double> metrics = new LinkedHashMap<>(adapted.metrics());
      metrics.put("domainPerplexityBefore", domain.metrics().get("initialValidationPerplexity"));
      metrics.put("domainPerplexityAfter", domain.metrics().get("validationPerplexity"));
      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(adapted.artifacts());
      artifacts.put(Artifacts.DOMAIN_LANGUAGE_MODEL,
          domain.artifact(architecture.importsCheckpoint() ? Artifacts.CHECKPOINT_WEIGHTS : Artifacts.LANGUAGE_MODEL));
      return new StageResult(adapted.stage(), artifacts, metrics, adapted.cacheHit(), adapted.cacheKey(),
          adapted.cacheNote());
    }
    return classifier(run, architecture.encoder(), adapt, data, pretrained, heartbeat);
  }

  /**
   * Domain-adaptive pretraining: the pretrained language model trained further, with its own objective, on the
   * training split's text; its validation-split perplexity before and after are the metrics that show what it gave.
   */
  private StageResult continuePretraining(RunContext run, PretrainSpec architecture, ContinuedPretrainingSpec budget,
      PreparedData data, StageResult pretrained, ActivityHeartbeat heartbeat) {
    PretrainSpec continued = continuedSpec(architecture, budget);
    List<ArtifactRef> inputs = List.of(pretrained.artifact(Artifacts.LANGUAGE_MODEL), data.artifact(Artifacts.DOMAIN),
        data.artifact(Artifacts.DOMAIN_VALIDATION), data.artifact(Artifacts.TOKENIZER));
    Map<String, Object> config = Map.of("pretrain", continued, "seed", run.seed());
    return stages.run(run, Stages.CONTINUED_PRETRAINING, config, inputs,
        stage -> new LanguageModelTraining(context(stage, run, heartbeat), continued)
            .run(stage.download(data.artifact(Artifacts.TOKENIZER), "tokenizer.json"),
                ShardSeries.download(stage, List.of(data.artifact(Artifacts.DOMAIN))),
                Shards.read(stage, List.of(data.artifact(Artifacts.DOMAIN_VALIDATION))),
                stage.download(pretrained.artifact(Artifacts.LANGUAGE_MODEL), "language-model.params")));
  }

  /**
   * Domain-adaptive pretraining of an imported checkpoint: masked-LM on the training split's text in the checkpoint's
   * own tokens, from its encoder and masked-LM head; the result is a checkpoint the classifier starts from.
   */
  private StageResult continueCheckpointPretraining(RunContext run, PretrainSpec architecture,
      ContinuedPretrainingSpec budget, PreparedData data, StageResult imported, ActivityHeartbeat heartbeat) {
    PretrainSpec continued = continuedSpec(architecture, budget);
    List<ArtifactRef> inputs = List.of(imported.artifact(Artifacts.CHECKPOINT_WEIGHTS),
        data.artifact(Artifacts.CHECKPOINT_CONFIG), data.artifact(Artifacts.TOKENIZER),
        data.artifact(Artifacts.DOMAIN), data.artifact(Artifacts.DOMAIN_VALIDATION));
    Map<String, Object> config = Map.of("pretrain", continued, "seed", run.seed());
    return stages.run(run, Stages.CONTINUED_PRETRAINING, config, inputs,
        stage -> new CheckpointLanguageModelTraining(context(stage, run, heartbeat), continued).run(
            CheckpointArtifacts.config(stage, data),
            stage.download(imported.artifact(Artifacts.CHECKPOINT_WEIGHTS), "imported.safetensors"),
            stage.download(data.artifact(Artifacts.TOKENIZER), CheckpointArtifacts.TOKENIZER_FILE),
            ShardSeries.download(stage, List.of(data.artifact(Artifacts.DOMAIN))),
            Shards.read(stage, List.of(data.artifact(Artifacts.DOMAIN_VALIDATION)))));
  }

  /** The pretraining spec with continued pretraining's own budget. */
  private static PretrainSpec continuedSpec(PretrainSpec architecture, ContinuedPretrainingSpec budget) {
    return architecture.with("epochs", budget.epochs())
        .with("batchSize", budget.batchSize())
        .with("learningRate", budget.learningRate())
        .with("maxBatchesPerEpoch", budget.maxBatchesPerEpoch());
  }

  /**
   * The classifier on the encoder of {@code pretrained} (pretrained, or continued), or on a fresh one; keyed on the
   * encoder's and the input's shape, not on how it was pretrained, which reaches the key as the pretrained weights'
   * sha256.
   */
  private StageResult classifier(RunContext run, EncoderSpec architecture, AdaptSpec adapt, PreparedData data,
      StageResult pretrained, ActivityHeartbeat heartbeat) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("encoder", architecture);
    config.put("adapt", adapt);
    config.put("classes", (double) data.classes());
    // the input's shape sizes a scratch encoder's first layer, which no input artifact of a scratch model carries
    config.put("features", (double) data.features());
    config.put("image", List.of(data.imageChannels(), data.imageHeight(), data.imageWidth()));
    putPixelStatistics(config, data);
    config.put("vocabularySize", (double) data.vocabularySize());
    config.put("seed", run.seed());
    config.put("fromScratch", pretrained == null);
    List<ArtifactRef> inputs = new ArrayList<>();
    if (pretrained != null) {
      inputs.add(Adaptation.encoderArtifact(architecture, pretrained));
    }
    if (architecture.importsCheckpoint()) {
      // the architecture, which the scratch baseline builds too
      inputs.add(data.artifact(Artifacts.CHECKPOINT_CONFIG));
    }
    return stages.run(run, Stages.ADAPT, config, inputs,
        stage -> Adaptation.run(context(stage, run, heartbeat), architecture, adapt, data, pretrained));
  }

  @Override
  public StageResult fineTune(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
      PreparedData data, StageResult adapted) {
    Map<String, Object> config = Map.of(
        "encoder", architecture, "adapt", adapt, "fineTune", fineTune, "seed", run.seed());
    List<ArtifactRef> inputs = List.of(adapted.artifact(Artifacts.MODEL), data.artifact(Artifacts.LABELED),
        data.artifact(Artifacts.VALIDATION));
    try (ActivityHeartbeat heartbeat = ActivityHeartbeat.start()) {
      return stages.run(run, Stages.FINE_TUNE, config, inputs,
          stage -> new FineTuning(context(stage, run, heartbeat), fineTune, inMemoryBytes)
              .run(architecture, adapt, data, adapted));
    }
  }

  @Override
  public StageResult fineTuneRung(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
      int untilEpoch, PreparedData data, StageResult start) {
    if (untilEpoch < 1 || untilEpoch > fineTune.epochs()) {
      throw ApplicationFailure.newNonRetryableFailure("a sweep rung's untilEpoch is " + untilEpoch + "; it must be "
          + "between 1 and the trial's fineTune.epochs (" + fineTune.epochs() + ")", "InvalidRung");
    }
    Map<String, Object> config = Map.of("encoder", architecture, "adapt", adapt, "fineTune", fineTune,
        "untilEpoch", (double) untilEpoch, "seed", run.seed());
    boolean resumes = start.artifacts().containsKey(Artifacts.TRAINING_STATE);
    List<ArtifactRef> inputs = List.of(start.artifact(resumes ? Artifacts.TRAINING_STATE : Artifacts.MODEL),
        data.artifact(Artifacts.LABELED), data.artifact(Artifacts.VALIDATION));
    try (ActivityHeartbeat heartbeat = ActivityHeartbeat.start()) {
      return stages.run(run, Stages.FINE_TUNE, config, inputs,
          stage -> new FineTuning(context(stage, run, heartbeat), fineTune, inMemoryBytes)
              .run(architecture, adapt, data, start, untilEpoch));
    }
  }

  /**
   * The images' statistics, which an MLP standardizes its input with, where data prep recorded them: the shards'
   * bytes do not change with them, so without them in the key an encoder that read raw pixels would be taken from the
   * cache (keys of data prepared before they were recorded stay as they were).
   */
  private static void putPixelStatistics(Map<String, Object> config, PreparedData data) {
    PixelStatistics pixels = ImageGeometry.of(data).pixels();
    if (pixels != null) {
      config.put("pixels", pixels);
    }
  }

  /** The context a training stage of {@code run} runs in, as this worker checkpoints. */
  private TrainingContext context(StageRun stage, RunContext run, Heartbeat heartbeat) {
    return new TrainingContext(stage, run.seed(), heartbeat, checkpointInterval);
  }
}
