package ai.pretrain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Self-supervised pretraining of the encoder: for images and tables a denoising autoencoder that reconstructs clean
 * inputs from corrupted ones, or for images contrastive learning (SimCLR) between two {@code augmentations} of each
 * image at a {@code temperature}; for text a transformer trained by masked or causal language modelling on a general
 * {@code corpus} (or, without one, on the task's own unlabeled training text). The encoder declared here (an MLP of
 * {@code hiddenUnits}, a residual CNN of {@code channels} for square images, or a {@code transformer}) is the backbone
 * every later stage builds on. The corpus is a built-in plugin's name or objects in the store by URI; {@code data}
 * names a separate unlabeled set (by URI) that images and tables are pretrained on instead of the training split.
 * With {@code from}, the stage imports a published checkpoint instead of training one, and the encoder is of exactly
 * that checkpoint's architecture.
 */
public record PretrainSpec(
    String objective,
    List<Integer> hiddenUnits,
    Integer latentUnits,
    String corruption,
    Double corruptionLevel,
    Integer epochs,
    Integer batchSize,
    Double learningRate,
    Double weightDecay,
    OptimizerSpec optimizer,
    Integer maxBatchesPerEpoch,
    String architecture,
    List<Integer> channels,
    SourceSpec corpus,
    TransformerSpec transformer,
    @JsonInclude(JsonInclude.Include.NON_NULL) SourceSpec data,
    @JsonInclude(JsonInclude.Include.NON_NULL) CheckpointSpec from,
    List<AugmentationSpec> augmentations,
    Double temperature) {

  public static final String MLP = "mlp";
  public static final String RESIDUAL_CNN = "residual-cnn";
  public static final String TRANSFORMER = "transformer";
  public static final String DENOISING_AUTOENCODER = "denoising-autoencoder";
  public static final String MASKED_LM = "masked-lm";
  public static final String CONTRASTIVE = "contrastive";

  /**
   * The views contrastive pretraining compares when the spec names no augmentations: SimCLR's random resized crop,
   * then small rotations and pixel noise, strong enough that two views of one digit share little but its identity.
   */
  public static final List<AugmentationSpec> CONTRASTIVE_AUGMENTATIONS = List.of(
      new AugmentationSpec("random-resized-crop", 0.35, 1.0),
      new AugmentationSpec("rotation", 20.0, 0.5),
      new AugmentationSpec("gaussian-noise", 0.1, 0.5));
  public static final List<String> CORRUPTIONS = List.of("masking", "gaussian");

  public PretrainSpec {
    architecture = architecture == null ? defaultArchitecture(from != null) : architecture;
    objective = objective == null ? (TRANSFORMER.equals(architecture) ? MASKED_LM : DENOISING_AUTOENCODER) : objective;
    hiddenUnits = hiddenUnits == null ? List.of(256) : List.copyOf(hiddenUnits);
    latentUnits = latentUnits == null ? 64 : latentUnits;
    corruption = corruption == null ? "masking" : corruption;
    corruptionLevel = corruptionLevel == null ? 0.3 : corruptionLevel;
    epochs = epochs == null ? 10 : epochs;
    batchSize = batchSize == null ? 128 : batchSize;
    learningRate = learningRate == null ? 1e-3 : learningRate;
    weightDecay = weightDecay == null ? 0.0 : weightDecay;
    optimizer = optimizer == null ? OptimizerSpec.defaults() : optimizer;
    maxBatchesPerEpoch = maxBatchesPerEpoch == null ? 0 : maxBatchesPerEpoch;
    channels = channels == null ? List.of(16, 32) : List.copyOf(channels);
    transformer = transformer == null && TRANSFORMER.equals(architecture) ? TransformerSpec.defaults() : transformer;
    augmentations = augmentations != null ? List.copyOf(augmentations)
        : CONTRASTIVE.equals(objective) ? CONTRASTIVE_AUGMENTATIONS : List.of();
    temperature = temperature == null ? 0.5 : temperature;
  }

  /** A spec without the contrastive objective's fields, as specs wrote it before that objective existed. */
  public PretrainSpec(String objective, List<Integer> hiddenUnits, Integer latentUnits, String corruption,
      Double corruptionLevel, Integer epochs, Integer batchSize, Double learningRate, Double weightDecay,
      OptimizerSpec optimizer, Integer maxBatchesPerEpoch, String architecture, List<Integer> channels,
      SourceSpec corpus, TransformerSpec transformer, SourceSpec data, CheckpointSpec from) {
    this(objective, hiddenUnits, latentUnits, corruption, corruptionLevel, epochs, batchSize, learningRate,
        weightDecay, optimizer, maxBatchesPerEpoch, architecture, channels, corpus, transformer, data, from, null, null);
  }

  /** An MLP encoder, as specs wrote it before the architecture could be chosen. */
  public PretrainSpec(String objective, List<Integer> hiddenUnits, Integer latentUnits, String corruption,
      Double corruptionLevel, Integer epochs, Integer batchSize, Double learningRate, Double weightDecay,
      OptimizerSpec optimizer, Integer maxBatchesPerEpoch) {
    this(objective, hiddenUnits, latentUnits, corruption, corruptionLevel, epochs, batchSize, learningRate,
        weightDecay, optimizer, maxBatchesPerEpoch, null, null, (String) null, null);
  }

  /** An encoder pretrained on the dataset's own training split, or on a built-in {@code corpus} by name. */
  public PretrainSpec(String objective, List<Integer> hiddenUnits, Integer latentUnits, String corruption,
      Double corruptionLevel, Integer epochs, Integer batchSize, Double learningRate, Double weightDecay,
      OptimizerSpec optimizer, Integer maxBatchesPerEpoch, String architecture, List<Integer> channels, String corpus,
      TransformerSpec transformer) {
    this(objective, hiddenUnits, latentUnits, corruption, corruptionLevel, epochs, batchSize, learningRate,
        weightDecay, optimizer, maxBatchesPerEpoch, architecture, channels, SourceSpec.named(corpus), transformer,
        null);
  }

  /** An encoder pretrained here, as specs wrote it before a checkpoint could be imported. */
  public PretrainSpec(String objective, List<Integer> hiddenUnits, Integer latentUnits, String corruption,
      Double corruptionLevel, Integer epochs, Integer batchSize, Double learningRate, Double weightDecay,
      OptimizerSpec optimizer, Integer maxBatchesPerEpoch, String architecture, List<Integer> channels,
      SourceSpec corpus, TransformerSpec transformer, SourceSpec data) {
    this(objective, hiddenUnits, latentUnits, corruption, corruptionLevel, epochs, batchSize, learningRate,
        weightDecay, optimizer, maxBatchesPerEpoch, architecture, channels, corpus, transformer, data, null);
  }

  /** A spec that imports {@code checkpoint} with every other field at its default. */
  public static PretrainSpec importing(CheckpointSpec checkpoint) {
    return new PretrainSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, checkpoint);
  }

  /** The architecture a spec that names none gets: a text transformer when it imports a checkpoint, else an MLP. */
  public static String defaultArchitecture(boolean importsCheckpoint) {
    return importsCheckpoint ? TRANSFORMER : MLP;
  }

  /** Whether the encoder is imported from a published checkpoint ({@code from}) rather than pretrained here. */
  public boolean importsCheckpoint() {
    return from != null;
  }

  /** The encoder's shape, without how it is pretrained: all that adapt, fine-tune and evaluate build. */
  public EncoderSpec encoder() {
    return EncoderSpec.of(this);
  }

  /** Whether the encoder is a transformer over token ids, pretrained by language modelling. */
  public boolean usesTransformer() {
    return TRANSFORMER.equals(architecture);
  }

  /** This spec with one numeric field replaced, as a sweep trial sets it ({@code latentUnits}, {@code optimizer.l1}). */
  public PretrainSpec with(String field, double value) {
    return SpecFields.with(this, PretrainSpec.class, "pretrain", field, value);
  }

  public static PretrainSpec defaults() {
    return new PretrainSpec(null, null, null, null, null, null, null, null, null, null, null);
  }
}
