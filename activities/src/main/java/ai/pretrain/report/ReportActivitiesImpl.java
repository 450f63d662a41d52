package ai.pretrain.report;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.ReportActivities;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.stage.StageRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's report under the {@link Stages#REPORT} stage: the HTML page and each chart as its own PNG, with every
 * artifact the report read as its inputs.
 */
public class ReportActivitiesImpl implements ReportActivities {

  private final StageRunner stages;

  public ReportActivitiesImpl(StageRunner stages) {
    this.stages = stages;
  }

  @Override
  public StageResult writeReport(RunContext run, Map<String, StageResult> results) {
    List<ArtifactRef> inputs = results.values().stream()
        .flatMap(r -> r.artifacts().values().stream())
        .distinct()
        .sorted(Comparator.comparing(ArtifactRef::uri))
        .toList();
    // The page shows the run and each stage's cache state and metrics besides the inputs' content, so they key it.
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("runId", run.runId());
    config.put("pipelineName", run.pipelineName());
    config.put("seed", run.seed());
    Map<String, Object> shown = new LinkedHashMap<>();
    results.forEach((name, result) -> {
      Map<String, Object> stage = new LinkedHashMap<>();
      stage.put("cacheHit", result.cacheHit());
      stage.put("cacheKey", result.cacheKey() == null ? "" : result.cacheKey());
      stage.put("metrics", result.metrics());
      shown.put(name, stage);
    });
    config.put("stages", shown);
    return stages.run(run, Stages.REPORT, config, new ArrayList<>(inputs), stage -> {
      RunReport.Rendered report = new RunReport(stages.store()).render(run, results);
      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
      artifacts.put(Artifacts.REPORT_HTML,
          stage.upload("report.html", report.html().getBytes(StandardCharsets.UTF_8), "report"));
      for (Chart chart : report.charts()) {
        artifacts.put("chart-" + chart.name(), stage.upload(chart.name() + ".png", chart.png(), "chart"));
      }
      return stage.complete(artifacts, Map.of("charts", (double) report.charts().size()));
    });
  }
}
