package ai.pretrain.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a spec that imports a checkpoint ({@code pretrain.from}) may not say: how to pretrain or shape an encoder that
 * the checkpoint already fixes. Its layer globs are checked against the checkpoint's own layer names once its
 * config.json is read.
 */
final class CheckpointImportRules {

  /** The files a Hugging Face folder holds, which a URI names by mistake instead of their folder. */
  private static final Pattern FOLDER_FILE = Pattern.compile(".+\\.(safetensors|json|bin|txt|model)");

  private CheckpointImportRules() {}

  static List<Violation> violations(PipelineSpec spec) {
    PretrainSpec pretrain = spec.pretrain();
    List<Violation> violations = new ArrayList<>();
    if (!pretrain.importsCheckpoint()) {
      if (spec.fineTune().maxSequenceLength() != null) {
        violations.add(new Violation("fineTune.maxSequenceLength", "cuts the texts an imported checkpoint "
            + "(pretrain.from) reads; a transformer pretrained here reads pretrain.transformer.sequenceLength tokens"));
      }
      return violations;
    }
    String uri = pretrain.from().uri();
    String last = uri == null ? "" : uri.substring(uri.lastIndexOf('/') + 1);
    if (FOLDER_FILE.matcher(last).matches()) {
      violations.add(new Violation("pretrain.from.uri", "names the file " + last + "; give the folder that holds "
          + "config.json, model.safetensors and tokenizer.json: " + uri.substring(0, uri.length() - last.length())));
    }
    if (!PretrainSpec.TRANSFORMER.equals(pretrain.architecture())) {
      violations.add(new Violation("pretrain.architecture", "an imported checkpoint is a text transformer of its own "
          + "architecture; remove pretrain.architecture or set it to transformer"));
    }
    if (pretrain.corpus() != null) {
      violations.add(new Violation("pretrain.corpus", "pretrain.from imports a checkpoint instead of pretraining on a "
          + "corpus; remove one of them"));
    }
    if (!PretrainSpec.MASKED_LM.equals(pretrain.objective())) {
      violations.add(new Violation("pretrain.objective", "a BERT checkpoint keeps pretraining (adapt."
          + "continuedPretraining) by masked-lm, the objective it was trained with; remove pretrain.objective"));
    }
    return violations;
  }
}
