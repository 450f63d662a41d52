package ai.pretrain.data;

import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.stage.StageRun;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * How data prep turned a dataset's values into the features a model reads, in the order of the features: first a
 * missing value becomes the training split's mean of its feature ({@code missingValueFill}, null where nothing was
 * missing), then {@code x' = (x - mean) / standardDeviation} with the training split's statistics ({@code mean} and
 * {@code standardDeviation} null where the features keep their scale, as image pixels in [0, 1] do). Written as the
 * {@code input-encoding} artifact; the model card carries it so a model can be served on raw rows.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InputEncoding(int features, float[] missingValueFill, float[] mean, float[] standardDeviation) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static InputEncoding of(int features, MissingValues missing, Standardization standardization) {
    return new InputEncoding(features, missing == null ? null : missing.mean(),
        standardization == null ? null : standardization.mean(),
        standardization == null ? null : standardization.standardDeviation());
  }

  public byte[] toJson() throws IOException {
    return JSON.writeValueAsBytes(this);
  }

  /** The encoding data prep recorded for {@code data}, or null where it predates the artifact (or has no features). */
  public static InputEncoding of(StageRun stage, PreparedData data) throws IOException {
    return data.optionalArtifact(Artifacts.INPUT_ENCODING).isEmpty() ? null
        : stage.readJson(data.artifact(Artifacts.INPUT_ENCODING), "input-encoding.json", InputEncoding.class);
  }

}
