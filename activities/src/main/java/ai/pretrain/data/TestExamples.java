package ai.pretrain.data;

import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.stage.StageRun;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What data prep knows about the test split's examples besides their features: each one's id, in the order of the
 * {@code test} shard, and the class names (data by URI writes them as the {@code test-examples} artifact; a built-in
 * dataset has neither, and its examples are named by row number and class index).
 */
public record TestExamples(List<String> ids, List<String> classNames) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public byte[] toJson() throws IOException {
    return JSON.writeValueAsBytes(this);
  }

  /** The test examples of {@code data}, or a record of nulls where data prep wrote none. */
  public static TestExamples of(StageRun stage, PreparedData data) throws IOException {
    if (data.optionalArtifact(Artifacts.TEST_EXAMPLES).isEmpty()) {
      return new TestExamples(null, null);
    }
    Path file = stage.download(data.artifact(Artifacts.TEST_EXAMPLES), "test-examples.json");
    try {
      return JSON.readValue(Files.readAllBytes(file), TestExamples.class);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
