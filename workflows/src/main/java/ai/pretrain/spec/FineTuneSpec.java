package ai.pretrain.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Supervised training of the adapted model on the labeled fraction, with L2 ({@code weightDecay}), the optimizer's
 * other regularizers, and early stopping on a validation metric.
 */
public record FineTuneSpec(
    Integer epochs,
    Integer batchSize,
    Double learningRate,
    Double weightDecay,
    Integer patience,
    String monitor,
    OptimizerSpec optimizer,
    Integer maxBatchesPerEpoch,
    Double layerLearningRateDecay,
    List<AugmentationSpec> augmentations) {

  /** Validation metrics early stopping can watch; accuracy is maximised, loss minimised. */
  public static final List<String> MONITORS = List.of("validationAccuracy", "validationLoss");

  private static final ObjectMapper FIELDS = new ObjectMapper();

  public FineTuneSpec {
    epochs = epochs == null ? 50 : epochs;
    batchSize = batchSize == null ? 32 : batchSize;
    learningRate = learningRate == null ? 1e-3 : learningRate;
    weightDecay = weightDecay == null ? 0.0 : weightDecay;
    patience = patience == null ? 10 : patience;
    monitor = monitor == null ? "validationAccuracy" : monitor;
    optimizer = optimizer == null ? OptimizerSpec.defaults() : optimizer;
    maxBatchesPerEpoch = maxBatchesPerEpoch == null ? 0 : maxBatchesPerEpoch;
    layerLearningRateDecay = layerLearningRateDecay == null ? 1.0 : layerLearningRateDecay;
    augmentations = augmentations == null ? List.of() : List.copyOf(augmentations);
  }

  public static FineTuneSpec defaults() {
    return new FineTuneSpec(null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * This spec with one numeric field replaced, as a sweep trial sets it: a top-level field ({@code learningRate}) or an
   * optimizer one ({@code optimizer.l1}).
   */
  public FineTuneSpec with(String field, double value) {
    ObjectNode fields = FIELDS.valueToTree(this);
    ObjectNode target = fields;
    String name = field;
    if (field.startsWith("optimizer.")) {
      target = (ObjectNode) fields.get("optimizer");
      name = field.substring("optimizer.".length());
    }
    if (!target.has(name) || !target.get(name).isNumber()) {
      throw new IllegalArgumentException("fineTune has no numeric field '" + field + "'");
    }
    target.put(name, value);
    try {
      return FIELDS.treeToValue(fields, FineTuneSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("fineTune." + field + " cannot be " + value, e);
    }
  }
}
