package ai.pretrain.sweep;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stores nothing: keeps every results table it is given, and answers with references named after the sweep stage. */
public final class FakeSweepReports implements SweepReportActivities {

  public final List<ResultsTable> tables = new CopyOnWriteArrayList<>();

  @Override
  public StageResult writeResults(RunContext run, ResultsTable table) {
    tables.add(table);
    return new StageResult(Stages.SWEEP, Map.of(
        "results-csv", new ArtifactRef("s3://artifacts/sweep/results.csv", "sha-csv", 1, "table"),
        "results-md", new ArtifactRef("s3://artifacts/sweep/results.md", "sha-md", 1, "table")),
        Map.of("trials", (double) table.trials().size()), false, "key-sweep");
  }
}
