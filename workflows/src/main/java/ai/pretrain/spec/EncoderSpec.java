package ai.pretrain.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The encoder's shape, apart from how it is pretrained: what adapt, fine-tune and evaluate build (and key their stage
 * caches on), so a change to a pretraining setting ({@code pretrain.epochs}, {@code learningRate}, the corruption,
 * the mask rate) does not touch a model that never pretrains, such as the scratch baseline. The pretrained weights
 * reach those stages as the pretrain stage's artifacts, whose sha256 are in their keys.
 *
 * <p>Its fields have {@link PretrainSpec}'s names, and unknown ones are ignored, so it reads a whole
 * {@code PretrainSpec}'s JSON, as activity tasks scheduled by earlier workflow code carry it.
 *
 * @param objective a transformer's language-modelling objective, which decides whether its attention is causal; null
 *     for other encoders, whose shape their objective does not change
 * @param transformer a transformer's dimensions; its {@code maskRate}, which only pretraining reads, at its default
 * @param from the imported checkpoint, whose {@code config.json} gives the shape; null when none is imported
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EncoderSpec(
    String architecture,
    List<Integer> hiddenUnits,
    Integer latentUnits,
    List<Integer> channels,
    TransformerSpec transformer,
    String objective,
    CheckpointSpec from) {

  public EncoderSpec {
    architecture = architecture == null ? PretrainSpec.defaultArchitecture(from != null) : architecture;
    hiddenUnits = hiddenUnits == null ? null : List.copyOf(hiddenUnits);
    channels = channels == null ? null : List.copyOf(channels);
    boolean transformerEncoder = PretrainSpec.TRANSFORMER.equals(architecture);
    objective = transformerEncoder ? objective : null;
    transformer = transformer == null ? null : new TransformerSpec(transformer.vocabularySize(),
        transformer.sequenceLength(), transformer.layers(), transformer.heads(), transformer.feedForwardUnits(),
        transformer.dropout(), null, transformer.pooling());
  }

  /** The encoder {@code pretrain} declares. */
  public static EncoderSpec of(PretrainSpec pretrain) {
    return new EncoderSpec(pretrain.architecture(), pretrain.hiddenUnits(), pretrain.latentUnits(),
        pretrain.channels(), pretrain.transformer(), pretrain.objective(), pretrain.from());
  }

  /** Whether the encoder is imported from a published checkpoint ({@code from}) rather than pretrained here. */
  public boolean importsCheckpoint() {
    return from != null;
  }

  /** Whether the encoder is a transformer over token ids. */
  public boolean usesTransformer() {
    return PretrainSpec.TRANSFORMER.equals(architecture);
  }
}
