package ai.pretrain.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plots of a sweep's results table whatever its exact columns: the ranking metric per trial, and against the epochs
 * each trial trained (per rung where the table has them). Columns are found by name; a table without a recognisable
 * metric column gets no plots.
 */
final class SweepPlots {

  /** Metric columns tried after the sweep stage's own metric names. */
  private static final List<String> KNOWN_METRICS =
      List.of("validationAccuracy", "trainLoss", "validationLoss", "accuracy", "metric", "score");
  /** Stage metrics that count trials rather than score them. */
  private static final Set<String> COUNTS = Set.of("bestTrial", "trials", "trialEpochs");
  private static final int MOST_LINES = 40;

  private SweepPlots() {}

  static List<Chart> of(CsvTable table, Set<String> stageMetrics, String name) {
    List<String> candidates = new ArrayList<>(stageMetrics.stream().filter(m -> !COUNTS.contains(m)).toList());
    candidates.addAll(KNOWN_METRICS);
    Optional<Integer> metricColumn = table.column(candidates);
    if (metricColumn.isEmpty()) {
      return List.of();
    }
    int metric = metricColumn.get();
    String metricName = table.header().get(metric);
    Optional<Integer> trialColumn = table.column(List.of("trial", "trialIndex", "index"));
    List<Chart> charts = new ArrayList<>();

    List<double[]> byTrial = new ArrayList<>();
    for (int r = 0; r < table.rows().size(); r++) {
      List<String> row = table.rows().get(r);
      Double y = table.number(row, metric);
      Double x = trialColumn.map(c -> table.number(row, c)).orElse((double) r);
      if (x != null && y != null) {
        byTrial.add(new double[] {x, y});
      }
    }
    byTrial.sort((a, b) -> Double.compare(a[0], b[0]));
    ReportCharts.sweepMetric(name + "-by-trial", metricName + " per trial", "trial", metricName,
        Map.of("trials", byTrial), false).ifPresent(charts::add);

    Map<String, List<double[]>> byEpochs = byRung(table, metricName, trialColumn);
    boolean perRung = !byEpochs.isEmpty();
    if (!perRung) {
      table.column(List.of("epochs", "trialEpochs", "epoch")).ifPresent(epochs -> {
        List<double[]> points = new ArrayList<>();
        for (List<String> row : table.rows()) {
          Double x = table.number(row, epochs);
          Double y = table.number(row, metric);
          if (x != null && y != null) {
            points.add(new double[] {x, y});
          }
        }
        byEpochs.put("trials", points);
      });
    }
    ReportCharts.sweepMetric(name + "-by-epochs", metricName + " against the epochs each trial trained",
        "trial-epochs", metricName, byEpochs, perRung).ifPresent(charts::add);
    return charts;
  }

  /** Each trial's metric after each rung, from a {@code <metric>ByRung} column of {@code epochs:value;...} cells. */
  private static Map<String, List<double[]>> byRung(CsvTable table, String metric, Optional<Integer> trialColumn) {
    Map<String, List<double[]>> lines = new LinkedHashMap<>();
    Optional<Integer> column = table.column(List.of(metric + "ByRung", "byRung", "rungs"));
    if (column.isEmpty()) {
      return lines;
    }
    for (int r = 0; r < table.rows().size() && lines.size() < MOST_LINES; r++) {
      List<String> row = table.rows().get(r);
      if (column.get() >= row.size()) {
        continue;
      }
      List<double[]> points = new ArrayList<>();
      for (String rung : row.get(column.get()).split("[;,]")) {
        String[] parts = rung.trim().split(":");
        if (parts.length != 2) {
          continue;
        }
        try {
          points.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])});
        } catch (NumberFormatException e) {
          // not a rung cell; the column is something else
        }
      }
      if (!points.isEmpty()) {
        String trial = trialColumn.filter(c -> c < row.size()).map(c -> "trial " + row.get(c))
            .orElse("row " + (r + 1));
        lines.put(trial, points);
      }
    }
    return lines;
  }
}
