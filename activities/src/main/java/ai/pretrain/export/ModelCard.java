package ai.pretrain.export;

import ai.pretrain.artifact.ArtifactRef;
import java.util.List;
import java.util.Map;

/**
 * What a user needs to load and trust an exported model: the architecture that reads the safetensors file, its tensors,
 * the test metrics, and where it came from.
 *
 * @param tokenizer the tokenizer artifact for text models; null for models that take raw features
 * @param lineage the run and the artifacts the model was trained from
 */
public record ModelCard(
    String name,
    String format,
    Map<String, Object> architecture,
    List<String> tensors,
    ArtifactRef tokenizer,
    Map<String, Double> metrics,
    Map<String, Object> lineage) {}
