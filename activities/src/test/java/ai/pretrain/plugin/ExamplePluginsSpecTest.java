package ai.pretrain.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.pretrain.spec.InvalidSpecException;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A spec may name the example plugins this module's tests install beside the built-ins (lenet, span-masking,
 * top-2-accuracy), exactly as it would a plugin jar's, and validation holds them to the same rules.
 */
class ExamplePluginsSpecTest {

  private final SpecParser parser = new SpecParser();

  @Test
  void anArchitectureObjectiveAndMetricFromPluginsValidate() {
    PipelineSpec spec = parser.parse("""
        name: x
        dataset: {name: mnist}
        pretrain: {architecture: lenet, objective: denoising-autoencoder}
        adapt: {freeze: [encoder.0], lora: {layers: [encoder.2]}}
        evaluate: {metrics: [top-2-accuracy, matthews-correlation]}
        """);
    assertEquals("lenet", spec.pretrain().architecture());
    assertEquals(List.of("top-2-accuracy", "matthews-correlation"), spec.evaluate().metrics());
    assertEquals("span-masking", parser.parse("""
        {name: x, dataset: {name: spam-assassin}, pretrain: {architecture: transformer, objective: span-masking}}""")
        .pretrain().objective());
  }

  @Test
  void aPluginArchitectureIsHeldToItsOwnLayersAndInputs() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse("""
        name: x
        dataset: {name: wine}
        pretrain: {architecture: lenet, objective: span-masking}
        adapt: {lora: {layers: [encoder.0]}}
        """));
    assertEquals(List.of(
        "pretrain.architecture: lenet reads images and dataset 'wine' is a table; use mlp",
        "pretrain.objective: span-masking pretrains on text and lenet reads images; use contrastive, "
            + "denoising-autoencoder",
        "adapt.lora.layers: 'encoder.0' matches no linear layer; the linear layers are encoder.2, head.0"),
        e.violations().stream().map(v -> v.field() + ": " + v.message()).toList());
  }
}
