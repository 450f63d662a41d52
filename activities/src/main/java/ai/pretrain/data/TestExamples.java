package ai.pretrain.data;

import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.source.ExampleIds;
import ai.pretrain.stage.StageRun;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * What data prep knows about the test split's examples besides their features, written as the {@code test-examples}
 * artifact: each one's id, in the order of the {@code test} shard (the id column's value, else the row number in the
 * dataset), the class names (null where the dataset has none: a built-in dataset's classes are their indices), and
 * how the split was drawn (null in artifacts written before it was recorded).
 */
public record TestExamples(List<String> ids, List<String> classNames, DataSplit split) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public TestExamples(List<String> ids, List<String> classNames) {
    this(ids, classNames, null);
  }

  /** A text set's test documents, named by {@code ids} (every document's, in order; null names them by row). */
  static TestExamples ofDocuments(ExampleIds ids, int[] testRows, List<String> classNames) throws IOException {
    return new TestExamples(ids == null ? null : ids.of(testRows), classNames);
  }

  public byte[] toJson() throws IOException {
    return JSON.writeValueAsBytes(this);
  }

  /** The test examples of {@code data}, or a record of nulls where data prep wrote none. */
  public static TestExamples of(StageRun stage, PreparedData data) throws IOException {
    return data.optionalArtifact(Artifacts.TEST_EXAMPLES).isEmpty() ? new TestExamples(null, null, null)
        : stage.readJson(data.artifact(Artifacts.TEST_EXAMPLES), "test-examples.json", TestExamples.class);
  }
}
