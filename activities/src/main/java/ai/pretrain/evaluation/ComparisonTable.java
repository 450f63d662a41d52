package ai.pretrain.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** Test-split metrics of each model side by side: the run's answer to "did pretraining help?". */
public record ComparisonTable(Map<String, ClassifierEvaluation> models) implements ModelComparison {

  /** A column of the table: its metric name in the stage metrics and its heading in Markdown. */
  private record Column(String metric, String heading, ToDoubleFunction<ClassifierEvaluation> value) {}

  // accuracy, precision, recall and f1 are the macro averages under their historical names: the API and the
  // end-to-end test read them.
  private static final List<Column> COLUMNS = List.of(
      new Column("accuracy", "accuracy", e -> e.classification().accuracy()),
      new Column("precision", "precision (macro)", e -> e.classification().macro().precision()),
      new Column("recall", "recall (macro)", e -> e.classification().macro().recall()),
      new Column("f1", "F1 (macro)", e -> e.classification().macro().f1()),
      new Column("precisionMicro", "precision (micro)", e -> e.classification().micro().precision()),
      new Column("recallMicro", "recall (micro)", e -> e.classification().micro().recall()),
      new Column("f1Micro", "F1 (micro)", e -> e.classification().micro().f1()),
      new Column("precisionWeighted", "precision (weighted)", e -> e.classification().weighted().precision()),
      new Column("recallWeighted", "recall (weighted)", e -> e.classification().weighted().recall()),
      new Column("f1Weighted", "F1 (weighted)", e -> e.classification().weighted().f1()),
      new Column("aucMacro", "AUC (macro, one-vs-rest)", ClassifierEvaluation::aucMacro),
      new Column("logLoss", "log-loss", ClassifierEvaluation::logLoss));

  /** The columns the Markdown table shows; micro precision and recall equal accuracy for one label per example. */
  private static final List<String> MARKDOWN_COLUMNS =
      List.of("accuracy", "precision", "recall", "f1", "f1Micro", "f1Weighted", "aucMacro", "logLoss");

  public ComparisonTable {
    models = new LinkedHashMap<>(models);
  }

  @Override
  public Set<String> modelNames() {
    return models.keySet();
  }

  /** The headline table, then each class's F1 per model. */
  @Override
  public String toMarkdown() {
    List<Column> shown = COLUMNS.stream().filter(c -> MARKDOWN_COLUMNS.contains(c.metric())).toList();
    List<String> headings = new ArrayList<>(List.of("model"));
    shown.forEach(c -> headings.add(c.heading()));
    MarkdownTable headline = new MarkdownTable(headings, false);
    models.forEach((name, evaluation) ->
        headline.row(name, shown.stream().map(c -> c.value().applyAsDouble(evaluation)).toList()));
    if (models.isEmpty()) {
      return headline.toString();
    }
    List<String> perClassHeadings = new ArrayList<>(List.of("class"));
    perClassHeadings.addAll(models.keySet());
    MarkdownTable perClass = new MarkdownTable(perClassHeadings, true);
    int classes = models.values().iterator().next().classification().perClass().size();
    for (int c = 0; c < classes; c++) {
      int label = c;
      perClass.row(label, models.values().stream()
          .map(evaluation -> evaluation.classification().perClass().get(label).f1()).toList());
    }
    return headline + "\nF1 per class:\n\n" + perClass;
  }

  /**
   * One model's row: {@code accuracy}; {@code precision}, {@code recall}, {@code f1} (macro); the same with the suffix
   * {@code Micro} and {@code Weighted}; {@code aucMacro} (one-vs-rest); {@code logLoss}. A metric that is undefined for
   * the test split (no AUC when it holds one class) is left out.
   */
  @Override
  public Map<String, Double> metricsOf(String model) {
    ClassifierEvaluation evaluation = models.get(model);
    Map<String, Double> row = new LinkedHashMap<>();
    for (Column column : COLUMNS) {
      double value = column.value().applyAsDouble(evaluation);
      if (Double.isFinite(value)) {
        row.put(column.metric(), value);
      }
    }
    return row;
  }

  /**
   * The {@code comparison-json} artifact: per model its metrics, a row per class (precision, recall, F1, support,
   * one-vs-rest AUC) and the confusion matrix (rows true classes, columns predictions). Undefined values are null.
   */
  @Override
  public Map<String, Object> toReport() {
    Map<String, Object> report = new LinkedHashMap<>();
    models.forEach((name, evaluation) -> {
      Map<String, Object> model = new LinkedHashMap<>();
      for (Column column : COLUMNS) {
        model.put(column.metric(), finiteOrNull(column.value().applyAsDouble(evaluation)));
      }
      List<Map<String, Object>> perClass = new ArrayList<>();
      for (ClassScores scores : evaluation.classification().perClass()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("label", scores.label());
        row.put("precision", scores.precision());
        row.put("recall", scores.recall());
        row.put("f1", scores.f1());
        row.put("support", scores.support());
        row.put("auc", finiteOrNull(evaluation.roc().get(scores.label()).auc()));
        perClass.add(row);
      }
      model.put("perClass", perClass);
      model.put("confusion", evaluation.classification().confusion());
      report.put(name, model);
    });
    return Map.of("models", report);
  }

  /**
   * The {@code roc-json} artifact: per model and class the one-vs-rest ROC points (false and true positive rates) with
   * their score thresholds, the first of which, +∞, is written as null.
   */
  public Map<String, Object> toRocCurves() {
    Map<String, Object> curves = new LinkedHashMap<>();
    models.forEach((name, evaluation) -> {
      List<Map<String, Object>> classes = new ArrayList<>();
      for (RocCurve curve : evaluation.roc()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("label", curve.label());
        row.put("auc", finiteOrNull(curve.auc()));
        row.put("falsePositiveRate", finiteOrNull(curve.falsePositiveRate()));
        row.put("truePositiveRate", finiteOrNull(curve.truePositiveRate()));
        row.put("thresholds", finiteOrNull(curve.thresholds()));
        classes.add(row);
      }
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("aucMacro", finiteOrNull(evaluation.aucMacro()));
      model.put("classes", classes);
      curves.put(name, model);
    });
    return Map.of("models", curves);
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static List<Double> finiteOrNull(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double value : values) {
      list.add(finiteOrNull(value));
    }
    return list;
  }
}
