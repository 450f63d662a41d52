package ai.pretrain.huggingface;

import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer names of a checkpoint's classifier, as freezing globs and LoRA's {@code layers} address them, from its
 * config.json alone: the API checks a spec's globs at submit against the names the adapt stage's
 * {@link BertSequenceClassifier} will carry, without building it.
 */
public final class CheckpointLayers {

  /** A layer's sub-layers in BERT's names, input to output. */
  private static final List<String> LAYER = List.of("attention.self.query", "attention.self.key",
      "attention.self.value", "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense",
      "output.dense", "output.LayerNorm");

  private CheckpointLayers() {}

  /** Every layer with weights, input to output, the new head last. */
  public static List<String> all(BertConfig config) {
    return names(config, false);
  }

  /** The layers LoRA may adapt: the linear ones (not the embedding tables and LayerNorms). */
  public static List<String> linear(BertConfig config) {
    return names(config, true);
  }

  private static List<String> names(BertConfig config, boolean linear) {
    EncoderFamily family = config.family();
    List<String> names = new ArrayList<>();
    if (!linear) {
      names.addAll(List.of("embeddings.word_embeddings", "embeddings.position_embeddings"));
      if (family.tokenTypes()) {
        names.add("embeddings.token_type_embeddings");
      }
      names.add("embeddings.LayerNorm");
    }
    if (config.projectsEmbeddings()) {
      names.add(BertEncoder.EMBEDDINGS_PROJECT);
    }
    for (int i = 0; i < config.layers(); i++) {
      for (String sublayer : LAYER) {
        if (!linear || !sublayer.endsWith("LayerNorm")) {
          names.add(family.layerPrefix() + i + "." + family.layerName(sublayer));
        }
      }
    }
    names.add(family.classificationHead().dense());
    names.add(family.classificationHead().output());
    return names;
  }

  /** The {@code adapt.freeze} and {@code adapt.lora.layers} globs that name no layer of the checkpoint. */
  public static List<Violation> violations(BertConfig config, AdaptSpec adapt) {
    List<Violation> violations = new ArrayList<>();
    List<String> all = all(config);
    for (String glob : adapt.freeze()) {
      if (AdaptSpec.matching(List.of(glob), all).isEmpty()) {
        violations.add(new Violation("adapt.freeze", "'" + glob + "' matches no layer of the checkpoint; its layers "
            + "are " + String.join(", ", all)));
      }
    }
    if (adapt.lora() != null) {
      List<String> linear = linear(config);
      for (String glob : adapt.lora().layers()) {
        if (AdaptSpec.matching(List.of(glob), linear).isEmpty()) {
          violations.add(new Violation("adapt.lora.layers", "'" + glob + "' matches no linear layer of the "
              + "checkpoint; they are " + String.join(", ", linear)));
        }
      }
    }
    return violations;
  }
}
