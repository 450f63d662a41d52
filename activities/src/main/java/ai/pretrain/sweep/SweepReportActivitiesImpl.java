package ai.pretrain.sweep;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.stage.StageRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stores a sweep's results table as CSV and Markdown under the sweep stage, with the trials' models as its inputs. */
public class SweepReportActivitiesImpl implements SweepReportActivities {

  private final StageRunner stages;

  public SweepReportActivitiesImpl(StageRunner stages) {
    this.stages = stages;
  }

  @Override
  public StageResult writeResults(RunContext run, ResultsTable table) {
    String csv = table.csv();
    String markdown = table.markdown();
    List<ArtifactRef> inputs = new ArrayList<>();
    table.rows().stream().filter(t -> t.result() != null && t.result().artifacts().containsKey(Artifacts.MODEL))
        .forEach(t -> inputs.add(t.result().artifact(Artifacts.MODEL)));
    Map<String, Object> config = Map.of("metric", table.metric(), "mode", table.mode(), "table", csv);
    return stages.run(run, Stages.SWEEP, config, inputs, stage -> {
      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
      artifacts.put(Artifacts.RESULTS_CSV, stage.upload("results.csv", csv.getBytes(StandardCharsets.UTF_8), "table"));
      artifacts.put(Artifacts.RESULTS_MD, stage.upload("results.md", markdown.getBytes(StandardCharsets.UTF_8), "table"));
      return stage.complete(artifacts, Map.of("trials", (double) table.trials().size()));
    });
  }
}
