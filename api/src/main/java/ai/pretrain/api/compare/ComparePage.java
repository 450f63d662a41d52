package ai.pretrain.api.compare;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.runs.ComparisonRow;
import ai.pretrain.api.runs.RunView;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.report.HtmlPage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison as an HTML page: the runs, their test scores, the spec differences and shared stage results as
 * tables, and their training-loss and ROC curves overlaid, one line per run, as inline SVG.
 */
@ApplicationScoped
class ComparePage {

  private static final String STYLE = "body{font-family:sans-serif;margin:2em;color:#222}"
      + "table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .6em}"
      + "td.num{text-align:right}.muted{color:#777}figure.chart{display:inline-block;margin:0 1em 1em 0}";

  private final RunComparer comparer;
  private final RunCurves curves;

  ComparePage(RunComparer comparer, RunCurves curves) {
    this.comparer = comparer;
    this.curves = curves;
  }

  String render(String ids, Caller caller) {
    List<RunView> runs = comparer.runs(ids, caller);
    RunComparison comparison = comparer.compare(runs);
    HtmlPage page = new HtmlPage();
    page.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" /><title>Compare runs</title><style>"
        + STYLE + "</style></head><body>\n");
    page.heading(1, "compare", "Compare runs");
    page.table(List.of("run", "name", "owner", "status", "started"), comparison.runs().stream()
        .map(r -> List.of(r.runId(), text(r.name()), text(r.owner()), r.status(), r.startedAt().toString())).toList());

    page.heading(2, "scores", "Test scores");
    List<List<String>> scores = new ArrayList<>();
    for (ComparedRun run : comparison.runs()) {
      for (ComparisonRow row : run.comparison()) {
        scores.add(List.of(run.runId(), row.model(), HtmlPage.number(row.accuracy()), HtmlPage.number(row.f1()),
            HtmlPage.number(row.r2()), HtmlPage.number(row.mse())));
      }
    }
    if (scores.isEmpty()) {
      page.paragraph("muted", "No run has been evaluated yet.");
    } else {
      page.table(List.of("run", "model", "accuracy", "F1 (macro)", "R²", "MSE"), scores);
    }

    page.heading(2, "spec", "Spec differences");
    if (comparison.specDiff().isEmpty()) {
      page.paragraph("muted", "The runs' specs are the same.");
    } else {
      page.table(List.of("field", "change"),
          comparison.specDiff().stream().map(d -> List.of(d.field(), d.change())).toList());
    }

    page.heading(2, "cache", "Shared stage results");
    if (comparison.sharedStages().isEmpty()) {
      page.paragraph("muted", "The runs share no stage result.");
    } else {
      page.table(List.of("stage", "cache key", "produced by", "reused by"), comparison.sharedStages().stream()
          .map(s -> List.of(s.stage(), s.cacheKey(), text(s.producedBy()), String.join(", ", s.reusedBy())))
          .toList());
    }

    page.heading(2, "curves", "Curves");
    for (String stage : List.of(Stages.PRETRAIN, Stages.FINE_TUNE)) {
      Map<String, double[][]> losses = new LinkedHashMap<>();
      runs.forEach(run -> curves.trainLoss(run, stage).ifPresent(points -> losses.put(run.runId(), points)));
      if (!losses.isEmpty()) {
        page.raw(SvgLineChart.of("loss-" + stage, stage + ": train loss per epoch", "epoch", "loss", losses));
      }
    }
    Map<String, double[][]> roc = new LinkedHashMap<>();
    runs.forEach(run -> curves.roc(run).ifPresent(points -> roc.put(run.runId(), points)));
    if (!roc.isEmpty()) {
      page.raw(SvgLineChart.of("roc", "Macro-average ROC of each run's model", "false positive rate",
          "true positive rate", roc));
    }
    return page.raw("</body></html>\n").toString();
  }

  private static String text(String value) {
    return value == null ? "—" : value;
  }
}
