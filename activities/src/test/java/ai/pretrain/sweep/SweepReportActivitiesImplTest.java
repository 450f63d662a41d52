package ai.pretrain.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepReportActivitiesImplTest {

  @TempDir Path work;

  @Test
  void writesTheResultsTableAsCsvAndMarkdownBestFirst() throws IOException {
    LocalArtifactStore store = new LocalArtifactStore(work);
    SweepReportActivitiesImpl reports = new SweepReportActivitiesImpl(new StageRunner(store));
    Trial worse = trial(0, 0.003, TrialState.STOPPED, "not promoted, outside the top 1/3", new RungResult(0, 1, 0.61));
    Trial better = trial(1, 0.001, TrialState.COMPLETED, null, new RungResult(0, 1, 0.64),
        new RungResult(1, 3, 0.72));
    Trial failed = new Trial(2, Map.of("learningRate", 0.5), TrialState.FAILED, List.of(), null, "loss became NaN");

    StageResult written = reports.writeResults(new RunContext("run-x", "x", 42L),
        new ResultsTable("validationAccuracy", "max", List.of(worse, better, failed)));

    String csv = read(store, written.artifact("results-csv"));
    String markdown = read(store, written.artifact("results-md"));
    assertEquals(List.of(
        "rank,trial,state,learningRate,epochs,validationAccuracy,validationAccuracyByRung,model,message",
        "1,1,COMPLETED,0.00100000,3,0.720000,1:0.640000;3:0.720000,s3://m/1,",
        "2,0,STOPPED,0.00300000,1,0.610000,1:0.610000,s3://m/0,\"not promoted, outside the top 1/3\"",
        ",2,FAILED,0.500000,0,,,,loss became NaN"), csv.lines().toList());
    assertTrue(markdown.startsWith("| rank | trial | state | learningRate | epochs | validationAccuracy | by rung |"),
        markdown);
    assertEquals(5, markdown.lines().count());
    assertEquals(3.0, written.metrics().get("trials"));
  }

  private static Trial trial(int index, double lr, TrialState state, String message, RungResult... rungs) {
    ArtifactRef model = new ArtifactRef("s3://m/" + index, "0".repeat(64), 1, "model");
    StageResult result = new StageResult("fineTune", Map.of("model", model), Map.of(), false, "k" + index);
    return new Trial(index, Map.of("learningRate", lr), state, List.of(rungs), result, message);
  }

  private static String read(LocalArtifactStore store, ArtifactRef ref) throws IOException {
    try (InputStream in = store.open(ref)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
