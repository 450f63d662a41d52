package ai.pretrain.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.pretrain.spec.AugmentationSpec;
import ai.pretrain.spec.InvalidSpecException;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SpecParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code pretrain.objective: contrastive} in a spec, against the installed plugins: defaults and refusals. */
class ContrastiveSpecTest {

  private final SpecParser parser = new SpecParser();

  @Test
  void aContrastiveSpecGetsSimClrViewsAndTemperatureUnlessItNamesItsOwn() {
    PipelineSpec defaults = parser.parse("""
        name: x
        dataset: {name: mnist}
        pretrain: {objective: contrastive, architecture: residual-cnn}
        """);
    assertEquals(PretrainSpec.CONTRASTIVE_AUGMENTATIONS, defaults.pretrain().augmentations());
    assertEquals(0.5, defaults.pretrain().temperature());
    PipelineSpec own = parser.parse("""
        name: x
        dataset: {name: mnist}
        pretrain:
          objective: contrastive
          temperature: 0.2
          augmentations: [{name: random-resized-crop, magnitude: 0.3, probability: 1}, {name: shift}]
        """);
    assertEquals(List.of(new AugmentationSpec("random-resized-crop", 0.3, 1.0), new AugmentationSpec("shift", null,
        0.5)), own.pretrain().augmentations());
    assertEquals(0.2, own.pretrain().temperature());
    assertEquals(List.of(), parser.parse("{name: x, dataset: {name: mnist}}").pretrain().augmentations());
  }

  @Test
  void contrastiveFieldsNeedTheObjectiveAndImagesAndInstalledAugmentations() {
    InvalidSpecException table = assertThrows(InvalidSpecException.class, () -> parser.parse("""
        name: x
        dataset: {name: wine}
        pretrain: {objective: contrastive, augmentations: [{name: jitter}]}
        """));
    assertEquals(List.of(
        "pretrain.augmentations[0].name: unknown augmentation 'jitter'; installed: brightness, contrast, flip, "
            + "gaussian-noise, random-resized-crop, rotation, shift (a plugin jar on the worker's and the API's "
            + "classpath adds more)",
        "pretrain.objective: contrastive pretrains on images and dataset 'wine' is a table; use "
            + "denoising-autoencoder"),
        table.violations().stream().map(v -> v.field() + ": " + v.message()).toList());
    InvalidSpecException autoencoder = assertThrows(InvalidSpecException.class, () -> parser.parse("""
        name: x
        dataset: {name: mnist}
        pretrain: {temperature: 0.1, augmentations: [{name: shift}]}
        """));
    assertEquals(List.of("pretrain.augmentations", "pretrain.temperature"),
        autoencoder.violations().stream().map(v -> v.field()).sorted().toList());
    InvalidSpecException identical = assertThrows(InvalidSpecException.class, () -> parser.parse("""
        {name: x, dataset: {name: mnist}, pretrain: {objective: contrastive, augmentations: []}}"""));
    assertEquals(List.of("pretrain.augmentations"), identical.violations().stream().map(v -> v.field()).toList());
  }
}
