package ai.pretrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.artifact.ArtifactRef;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Data prep's typed result reads the {@link StageResult}s that histories and older workers recorded. */
class PreparedDataTest {

  private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  private static ArtifactRef ref(String name) {
    return new ArtifactRef("s3://bucket/" + name, "sha-" + name, 1, "dataset-shard");
  }

  @Test
  void readsTheShapeFromAnOlderStageResultsMetrics() {
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    artifacts.put("train-001", ref("train-001"));
    artifacts.put("train-000", ref("train-000"));
    artifacts.put(Artifacts.LABELED, ref(Artifacts.LABELED));
    StageResult old = new StageResult(Stages.PREPARE_DATA, artifacts, Map.of("features", 3072.0, "classes", 10.0,
        "imageHeight", 32.0, "imageWidth", 32.0, "imageChannels", 3.0, "trainExamples", 100.0), true, "key", "note");

    PreparedData data = roundTrip(old, PreparedData.class);

    assertEquals(PreparedData.Task.CLASSIFICATION, data.task());
    assertEquals(List.of(3072, 10, 32, 32, 3, 0), List.of(data.features(), data.classes(), data.imageHeight(),
        data.imageWidth(), data.imageChannels(), data.vocabularySize()));
    assertEquals(List.of(ref("train-000"), ref("train-001")), data.pretrainingShards());
    assertEquals(old, data.result());
  }

  @Test
  void anOlderGreyImageHasOneChannelAndARegressionItsTask() {
    PreparedData grey = roundTrip(new StageResult(Stages.PREPARE_DATA, Map.of(),
        Map.of("features", 784.0, "classes", 10.0, "imageHeight", 28.0, "imageWidth", 28.0), false, "k"),
        PreparedData.class);
    PreparedData table = roundTrip(new StageResult(Stages.PREPARE_DATA, Map.of(),
        Map.of("features", 10.0, "classes", 0.0, "imageHeight", 0.0, "imageWidth", 0.0, "targetMean", 152.1,
            "targetStandardDeviation", 77.0), false, "k"), PreparedData.class);

    assertEquals(1, grey.imageChannels());
    assertEquals(PreparedData.Task.REGRESSION, table.task());
    assertEquals(0, table.imageChannels());
  }

  @Test
  void keepsItsTypedFieldsThroughTheConverter() {
    PreparedData text = new PreparedData(Stages.PREPARE_DATA, Map.of(Artifacts.TOKENIZER, ref("tokenizer")),
        Map.of(), false, "k", null, PreparedData.Task.CLASSIFICATION, 64, 2, 0, 0, 0, 2000);

    PreparedData read = roundTrip(text, PreparedData.class);

    assertEquals(text, read);
    assertEquals(Optional.of(ref("tokenizer")), read.tokenizer());
  }

  @Test
  void readsAsAStageResultAsTheApiReadsEveryActivityResultOfARun() {
    PreparedData data = new PreparedData(Stages.PREPARE_DATA, Map.of(Artifacts.TEST, ref(Artifacts.TEST)),
        Map.of("features", 4.0), false, "k", null, PreparedData.Task.CLASSIFICATION, 4, 3, 0, 0, 0, 0);

    assertEquals(data.result(), roundTrip(data, StageResult.class));
  }

  @Test
  void theRecordedHistorysDataPrepResultReadsAsPreparedData() throws Exception {
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(
        Files.readString(PipelineWorkflowReplayTest.HISTORY), PipelineWorkflowReplayTest.WORKFLOW_ID);
    Payloads result = history.getEvents().stream()
        .filter(e -> e.hasActivityTaskCompletedEventAttributes())
        .findFirst().orElseThrow()
        .getActivityTaskCompletedEventAttributes().getResult();

    PreparedData data = CONVERTER.fromPayloads(0, Optional.of(result), PreparedData.class, PreparedData.class);

    assertEquals(Stages.PREPARE_DATA, data.stage());
    assertTrue(data.artifacts().containsKey("train-000"));
  }

  private static <T> T roundTrip(Object value, Class<T> type) {
    return CONVERTER.fromPayloads(0, CONVERTER.toPayloads(value), type, type);
  }
}
