package ai.pretrain.huggingface;

import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.Violation;
import ai.pretrain.storage.SourceLocation;
import ai.pretrain.storage.SourceObjects;
import ai.pretrain.storage.SourceRefusedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the API checks of {@code pretrain.from} before a run starts, through the same {@link SourceObjects} and URI
 * policy as the workers: the bucket is allowed, the folder holds config.json, model.safetensors and tokenizer.json,
 * config.json declares an architecture the import computes ({@link CheckpointSpec#MODEL_TYPES}), and the spec's
 * freeze and LoRA globs name layers of that architecture.
 */
public final class CheckpointFolderCheck {

  /** config.json is a few hundred bytes; anything far larger is not one. */
  private static final long MAX_CONFIG_BYTES = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckpointFolderCheck() {}

  /**
   * The violations of {@code from}, of {@code adapt}'s freeze and LoRA globs against the checkpoint's layer names
   * ({@link CheckpointLayers}), and of a sequence length ({@code fineTune.maxSequenceLength}, default 128) longer than
   * the checkpoint's positions hold; none when the run may start.
   */
  public static List<Violation> violations(SourceObjects sources, CheckpointSpec from, AdaptSpec adapt,
      FineTuneSpec fineTune) throws IOException {
    List<Violation> violations = new ArrayList<>();
    SourceLocation config = null;
    for (String name : CheckpointSpec.FILES) {
      try {
        SourceLocation file = sources.locate(CheckpointFolder.FIELD, from.file(name));
        long size = sources.stat(file).size();
        if ("config.json".equals(name)) {
          config = size <= MAX_CONFIG_BYTES ? file : null;
          if (config == null) {
            violations.add(new Violation(CheckpointFolder.FIELD, from.file(name) + " is " + size + " bytes; that "
                + "is no Hugging Face config.json"));
          }
        }
      } catch (SourceRefusedException e) {
        return List.of(new Violation(e.field(), e.problem()));
      } catch (NoSuchFileException e) {
        violations.add(new Violation(CheckpointFolder.FIELD, CheckpointFolder.missing(sources, from, name)));
      } catch (AccessDeniedException e) {
        violations.add(new Violation(CheckpointFolder.FIELD, from.file(name) + " cannot be read: " + e.getReason()));
      }
    }
    if (config != null) {
      try (InputStream in = sources.open(config)) {
        BertConfig architecture = BertConfig.of(JSON.readTree(in));
        violations.addAll(CheckpointLayers.violations(architecture, adapt));
        if (fineTune.sequenceLength() > architecture.maxSequenceLength()) {
          violations.add(new Violation("fineTune.maxSequenceLength", "is " + fineTune.sequenceLength()
              + (fineTune.maxSequenceLength() == null ? " (the default)" : "") + " but the checkpoint's positions "
              + "(max_position_embeddings " + architecture.maxPositions() + ") hold at most "
              + architecture.maxSequenceLength() + " tokens; set it to " + architecture.maxSequenceLength()
              + " or less"));
        }
      } catch (JsonProcessingException e) {
        violations.add(new Violation("pretrain.from", from.file("config.json") + " is not JSON: "
            + e.getOriginalMessage()));
      } catch (IllegalArgumentException e) {
        violations.add(new Violation("pretrain.from", e.getMessage()));
      }
    }
    return violations;
  }
}
