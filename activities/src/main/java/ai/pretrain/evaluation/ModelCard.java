package ai.pretrain.evaluation;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.data.DataSplit;
import ai.pretrain.data.InputEncoding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user needs to load, rebuild and trust an exported model, as {@code model-card.json}: versioned by
 * {@link #SCHEMA_VERSION} and defined by {@code docs/model-card.schema.json}. {@code network} lists the forward pass
 * at inference as operations on the tensors of {@code model.safetensors}, input to output ({@code scripts/load-model.py}
 * rebuilds it in PyTorch); it is null for a BERT-shaped model, which the Hugging Face export beside it describes.
 *
 * @param task {@code classification} or {@code regression}
 * @param input what the network reads: the feature count, image geometry (null for a table) and how raw values were
 *     encoded ({@link InputEncoding}; null for text, whose input is token ids)
 * @param output what the network's outputs mean: class logits and class names, or a standardized target
 * @param split how the data was split ({@link DataSplit}) and the artifact holding the test split's ids
 * @param architecture the spec's encoder and head, as submitted
 * @param tokenizer the tokenizer artifact for text models; null for models that take raw features
 * @param lineage the run and the artifacts the model was trained from
 */
public record ModelCard(
    int schemaVersion,
    String name,
    String format,
    String task,
    Input input,
    Map<String, Object> output,
    List<Map<String, Object>> network,
    Split split,
    Map<String, Object> architecture,
    List<String> tensors,
    ArtifactRef tokenizer,
    Map<String, Double> metrics,
    Map<String, Object> lineage) {

  public static final int SCHEMA_VERSION = 1;

  /** The features the network reads, in order; {@code image} and {@code encoding} may be null. */
  public record Input(int features, Map<String, Integer> image, InputEncoding encoding) {}

  /** The split ({@code drawn}: null for data prepared before it was recorded) and the test ids' artifact. */
  public record Split(DataSplit drawn, ArtifactRef testExamples, ArtifactRef testShard) {}

  /** Class logits: probabilities are their softmax; {@code classes} names the outputs in order. */
  public static Map<String, Object> logits(List<String> classes) {
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("kind", "logits");
    output.put("classes", classes);
    output.put("probabilities", "softmax over the outputs");
    return output;
  }

  /** One output, the target standardized with the training split's statistics. */
  public static Map<String, Object> standardizedTarget(double mean, double standardDeviation) {
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("kind", "standardizedTarget");
    output.put("targetMean", mean);
    output.put("targetStandardDeviation", standardDeviation);
    output.put("toOriginalUnits", "output * targetStandardDeviation + targetMean");
    return output;
  }
}
