package ai.pretrain.api.registry;

import ai.pretrain.api.runs.RunView;
import ai.pretrain.api.runs.StageView;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.Stages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a completed run's exported model, as a registration copies them: the evaluate stage's safetensors and
 * model card (both required), its Hugging Face folder where it wrote one and its test predictions, and the prepared
 * data's tokenizer and test-example ids, with which a user checks a rebuilt model.
 */
record ModelExport(List<File> files) {

  private static final List<String> FROM_EVALUATION = List.of(Artifacts.MODEL_SAFETENSORS, Artifacts.MODEL_CARD,
      Artifacts.PREDICTIONS);
  private static final List<String> FROM_DATA = List.of(Artifacts.TOKENIZER, Artifacts.TEST_EXAMPLES);
  private static final String HUGGING_FACE = "huggingface-";

  /** One exported file: its path inside the version, and the run's artifact it is copied from. */
  record File(String name, String stage, String artifact, ArtifactRef ref) {}

  /** The run's export; 409 when the run has not completed or exported no model. */
  static ModelExport of(RunView run) {
    if (!"COMPLETED".equals(run.status())) {
      throw RegistryProblems.runNotRegistrable(run.runId(), "it is " + run.status()
          + "; only a COMPLETED run has an exported model");
    }
    StageView evaluation = stage(run, Stages.EVALUATE).orElseThrow(() -> noExport(run));
    Map<String, ArtifactRef> exported = evaluation.artifacts();
    if (!exported.containsKey(Artifacts.MODEL_SAFETENSORS) || !exported.containsKey(Artifacts.MODEL_CARD)) {
      throw noExport(run);
    }
    List<File> files = new ArrayList<>();
    exported.forEach((name, ref) -> {
      if (FROM_EVALUATION.contains(name) || name.startsWith(HUGGING_FACE)) {
        files.add(file(evaluation, name, ref));
      }
    });
    stage(run, Stages.PREPARE_DATA).ifPresent(data -> data.artifacts().forEach((name, ref) -> {
      if (FROM_DATA.contains(name)) {
        files.add(file(data, name, ref));
      }
    }));
    return new ModelExport(List.copyOf(files));
  }

  private static Optional<StageView> stage(RunView run, String name) {
    return run.stages().stream().filter(s -> s.stage().equals(name)).findFirst();
  }

  /**
   * The file keeps its path inside the stage's folder ({@code huggingface/config.json}); the model card, kept there per
   * run, is {@code model-card.json}.
   */
  private static File file(StageView stage, String name, ArtifactRef ref) {
    String folder = stage.cacheKey() == null ? null : "/" + stage.cacheKey() + "/";
    int at = folder == null ? -1 : ref.uri().indexOf(folder);
    String path = at < 0 || name.equals(Artifacts.MODEL_CARD) ? ref.uri().substring(ref.uri().lastIndexOf('/') + 1)
        : ref.uri().substring(at + folder.length());
    return new File(path, stage.stage(), name, ref);
  }

  private static RuntimeException noExport(RunView run) {
    return RegistryProblems.runNotRegistrable(run.runId(), "its evaluate stage exported no model ("
        + Artifacts.MODEL_SAFETENSORS + " and " + Artifacts.MODEL_CARD + ")");
  }
}
