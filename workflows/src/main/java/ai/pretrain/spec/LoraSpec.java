package ai.pretrain.spec;

import java.util.List;

/**
 * Low-rank adaptation (LoRA, Hu et al. 2021) of linear layers: each chosen layer's weights stay fixed and learn
 * through a trainable update {@code (alpha / rank) * B A} of rank {@code rank}, merged into the weights on export.
 *
 * @param layers globs over the layer names ({@code encoder.0} ..) whose weights get adapters
 */
public record LoraSpec(Integer rank, Double alpha, List<String> layers) {

  public LoraSpec {
    rank = rank == null ? 8 : rank;
    alpha = alpha == null ? 2.0 * rank : alpha;
    layers = layers == null ? List.of("encoder.*") : List.copyOf(layers);
  }

  /** The factor the low-rank update is scaled by. */
  public double scaling() {
    return alpha / rank;
  }
}
