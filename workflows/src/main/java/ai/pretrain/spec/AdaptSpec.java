package ai.pretrain.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the pretrained encoder becomes a classifier: a new head; which layers stay frozen during fine-tuning, the whole
 * encoder ({@code freezeEncoder}) or the layers whose names match a {@code freeze} glob; and which layers learn
 * through low-rank adapters instead of their own weights ({@code lora}, none when null); and, for a language model,
 * whether it first keeps pretraining on the task's own text ({@code continuedPretraining}, none when null).
 */
public record AdaptSpec(Integer headHiddenUnits, Double dropout, Boolean freezeEncoder, List<String> freeze,
    LoraSpec lora, ContinuedPretrainingSpec continuedPretraining) {

  public AdaptSpec {
    headHiddenUnits = headHiddenUnits == null ? 0 : headHiddenUnits;
    dropout = dropout == null ? 0.0 : dropout;
    freezeEncoder = freezeEncoder != null && freezeEncoder;
    freeze = freeze == null ? List.of() : List.copyOf(freeze);
  }

  public AdaptSpec(Integer headHiddenUnits, Double dropout, Boolean freezeEncoder) {
    this(headHiddenUnits, dropout, freezeEncoder, null, null);
  }

  public AdaptSpec(Integer headHiddenUnits, Double dropout, Boolean freezeEncoder, List<String> freeze) {
    this(headHiddenUnits, dropout, freezeEncoder, freeze, null);
  }

  public AdaptSpec(Integer headHiddenUnits, Double dropout, Boolean freezeEncoder, List<String> freeze,
      LoraSpec lora) {
    this(headHiddenUnits, dropout, freezeEncoder, freeze, lora, null);
  }

  /**
   * The same head with every layer trainable and no adapters: how a from-scratch baseline trains, since a frozen
   * random encoder is no baseline.
   */
  public AdaptSpec unfrozen() {
    return new AdaptSpec(headHiddenUnits, dropout, false, null, null);
  }

  /** This spec without continued pretraining: the general-domain model under the same head and freezing. */
  public AdaptSpec withoutContinuedPretraining() {
    return new AdaptSpec(headHiddenUnits, dropout, freezeEncoder, freeze, lora);
  }

  /** This spec with one numeric field replaced, as a sweep trial sets it ({@code dropout}, {@code headHiddenUnits}). */
  public AdaptSpec with(String field, double value) {
    return SpecFields.with(this, AdaptSpec.class, "adapt", field, value);
  }

  public static AdaptSpec defaults() {
    return new AdaptSpec(null, null, null, null, null, null);
  }

  /** The layers that learn through low-rank adapters. */
  public List<String> loraLayers(EncoderLayers encoder) {
    if (lora == null) {
      return List.of();
    }
    List<Pattern> globs = lora.layers().stream().map(AdaptSpec::glob).toList();
    return linearLayers(encoder).stream()
        .filter(layer -> globs.stream().anyMatch(g -> g.matcher(layer).matches()))
        .toList();
  }

  /** The layers LoRA can adapt: the encoder's linear layers (every layer of an MLP) and the head's. */
  public List<String> linearLayers(EncoderLayers encoder) {
    List<String> names = layerNames(encoder);
    return names.subList(encoder.nonLinear(), names.size());
  }

  /**
   * The classifier's layers with weights, input to output: {@code encoder.0} .. {@code encoder.N} (the last is the
   * latent code; for a residual CNN, {@code encoder.0} is the stem and the next ones its stages; a transformer is the
   * one layer {@code encoder.0}) then {@code head.0} .. (the last gives the class logits). Freezing globs and the
   * layer-wise learning rate decay refer to these names, and exported tensors are named {@code <layer>.weight} /
   * {@code <layer>.bias}.
   */
  public List<String> layerNames(EncoderLayers encoder) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < encoder.count(); i++) {
      names.add("encoder." + i);
    }
    int headLayers = headHiddenUnits > 0 ? 2 : 1;
    for (int i = 0; i < headLayers; i++) {
      names.add("head." + i);
    }
    return names;
  }

  /** The layers that stay fixed during fine-tuning. */
  public List<String> frozenLayers(EncoderLayers encoder) {
    List<Pattern> globs = freeze.stream().map(AdaptSpec::glob).toList();
    return layerNames(encoder).stream()
        .filter(layer -> freezeEncoder && layer.startsWith("encoder.") || globs.stream().anyMatch(
            g -> g.matcher(layer).matches()))
        .toList();
  }

  /** The {@code freeze} globs that match none of the classifier's layers: almost certainly typos. */
  public List<String> unmatchedFreezeGlobs(EncoderLayers encoder) {
    return unmatched(freeze, layerNames(encoder));
  }

  /** The {@code lora.layers} globs that match none of the classifier's linear layers. */
  public List<String> unmatchedLoraGlobs(EncoderLayers encoder) {
    return lora == null ? List.of() : unmatched(lora.layers(), linearLayers(encoder));
  }

  private static List<String> unmatched(List<String> globs, List<String> layers) {
    return globs.stream().filter(g -> layers.stream().noneMatch(layer -> glob(g).matcher(layer).matches())).toList();
  }

  /** The {@code layers} that match one of {@code globs}, in their order (for layers named by a checkpoint). */
  public static List<String> matching(List<String> globs, List<String> layers) {
    List<Pattern> patterns = globs.stream().map(AdaptSpec::glob).toList();
    return layers.stream().filter(layer -> patterns.stream().anyMatch(p -> p.matcher(layer).matches())).toList();
  }

  /** {@code *} any run of characters, {@code ?} one character; everything else literal. */
  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(switch (c) {
        case '*' -> ".*";
        case '?' -> ".";
        default -> Pattern.quote(String.valueOf(c));
      });
    }
    return Pattern.compile(regex.toString());
  }
}
