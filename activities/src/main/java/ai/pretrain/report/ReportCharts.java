package ai.pretrain.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts, drawn by JFreeChart off screen and encoded as PNG. */
final class ReportCharts {

  static {
    // Workers have no display; AWT must not look for one.
    System.setProperty("java.awt.headless", "true");
  }

  static final int WIDE = 960;
  static final int HALF = 560;

  private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  private static final BasicStroke LINE = new BasicStroke(2f);
  private static final BasicStroke DASHED =
      new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 5f}, 0f);

  /**
   * One line style per curve, so curves that overlap (two models with the same ROC) stay apart where colour alone
   * would hide one under the other: solid, long dashes, short dashes, dash-dot, dots, then round again.
   */
  private static final float[][] DASHES = {null, {12f, 6f}, {5f, 4f}, {12f, 4f, 2f, 4f}, {2f, 4f}};

  private ReportCharts() {}

  /**
   * Train and validation loss against the epoch on the left axis and, where the stage had labels, validation
   * accuracy on the right; the title, after {@code stage}, says which of them the chart shows. Empty when the history
   * has no finite value.
   */
  static Optional<Chart> trainingCurves(String name, String stage, JsonNode epochs) {
    XYSeries train = new XYSeries("train loss");
    XYSeries validation = new XYSeries("validation loss");
    XYSeries accuracy = new XYSeries("validation accuracy");
    for (JsonNode e : epochs) {
      double epoch = e.path("epoch").asDouble(train.getItemCount());
      add(train, epoch, e.get("trainLoss"));
      add(validation, epoch, e.get("validationLoss"));
      add(accuracy, epoch, e.get("validationAccuracy"));
    }
    XYSeriesCollection losses = new XYSeriesCollection();
    if (train.getItemCount() > 0) {
      losses.addSeries(train);
    }
    if (validation.getItemCount() > 0) {
      losses.addSeries(validation);
    }
    if (losses.getSeriesCount() == 0 && accuracy.getItemCount() == 0) {
      return Optional.empty();
    }
    String shown = losses.getSeriesCount() == 0 ? "validation accuracy"
        : accuracy.getItemCount() == 0 ? "loss" : "loss and validation accuracy";
    String title = stage + ": " + shown + " per epoch";
    NumberAxis epochAxis = new NumberAxis("epoch");
    epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epochAxis.setAutoRangeIncludesZero(false);
    NumberAxis lossAxis = new NumberAxis("loss");
    lossAxis.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(losses, epochAxis, lossAxis, lines(new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E)));
    if (accuracy.getItemCount() > 0) {
      NumberAxis accuracyAxis = new NumberAxis("validation accuracy");
      accuracyAxis.setAutoRangeIncludesZero(false);
      plot.setRangeAxis(1, accuracyAxis);
      plot.setDataset(1, new XYSeriesCollection(accuracy));
      plot.mapDatasetToRangeAxis(1, 1);
      plot.setRenderer(1, lines(new Color(0x2C, 0xA0, 0x2C)));
    }
    return Optional.of(render(name, title, plot, true, WIDE, 400));
  }

  /** One model's one-vs-rest ROC curve per class, with the chance diagonal; empty when no class has a curve. */
  static Optional<Chart> rocPerClass(String name, String title, JsonNode classes) {
    XYSeriesCollection curves = new XYSeriesCollection();
    for (JsonNode c : classes) {
      JsonNode auc = c.get("auc");
      String key = "class " + c.path("label").asText() + auc(auc == null || !auc.isNumber() ? null : auc.asDouble());
      XYSeries curve = new XYSeries(key, false, true);
      JsonNode fpr = c.path("falsePositiveRate");
      JsonNode tpr = c.path("truePositiveRate");
      for (int i = 0; i < Math.min(fpr.size(), tpr.size()); i++) {
        if (fpr.get(i).isNumber() && tpr.get(i).isNumber()) {
          curve.add(fpr.get(i).asDouble(), tpr.get(i).asDouble());
        }
      }
      if (curve.getItemCount() > 1) {
        curves.addSeries(curve);
      }
    }
    if (curves.getSeriesCount() == 0) {
      return Optional.empty();
    }
    return Optional.of(render(name, title, rocPlot(curves), true, HALF, 520));
  }

  /**
   * The macro-average ROC curve of each model on one chart, for comparing them: each in its own line style, with its
   * macro AUC (where known) in the legend.
   */
  static Optional<Chart> macroRoc(String name, String title, Map<String, double[][]> curvesByModel,
      Map<String, Double> aucByModel) {
    return macroRocPlot(curvesByModel, aucByModel).map(plot -> render(name, title, plot, true, HALF, 520));
  }

  /** The plot {@link #macroRoc} draws; empty when no model has a curve. */
  static Optional<XYPlot> macroRocPlot(Map<String, double[][]> curvesByModel, Map<String, Double> aucByModel) {
    XYSeriesCollection curves = new XYSeriesCollection();
    curvesByModel.forEach((model, points) -> {
      XYSeries curve = new XYSeries(model + auc(aucByModel.get(model)), false, true);
      for (double[] p : points) {
        curve.add(p[0], p[1]);
      }
      if (curve.getItemCount() > 1) {
        curves.addSeries(curve);
      }
    });
    if (curves.getSeriesCount() == 0) {
      return Optional.empty();
    }
    return Optional.of(rocPlot(curves));
  }

  /** The legend's {@code " (AUC 0.953)"}, or nothing where the AUC is undefined. */
  private static String auc(Double auc) {
    return auc == null || !Double.isFinite(auc) ? "" : String.format(Locale.ROOT, " (AUC %.3f)", auc);
  }

  /**
   * The confusion matrix as a heatmap, true classes down and predictions across, each cell labelled with its count and
   * shaded by the share of its true class it holds (so rare classes read as clearly as common ones).
   */
  static Optional<Chart> confusion(String name, String title, JsonNode matrix) {
    int classes = matrix.size();
    if (classes == 0) {
      return Optional.empty();
    }
    double[] xs = new double[classes * classes];
    double[] ys = new double[classes * classes];
    double[] zs = new double[classes * classes];
    List<XYTextAnnotation> labels = new ArrayList<>();
    for (int t = 0; t < classes; t++) {
      JsonNode row = matrix.get(t);
      double total = 0;
      for (JsonNode v : row) {
        total += v.asDouble();
      }
      for (int p = 0; p < classes; p++) {
        double count = row.path(p).asDouble();
        int i = t * classes + p;
        xs[i] = p;
        ys[i] = t;
        zs[i] = total == 0 ? 0 : count / total;
        XYTextAnnotation label = new XYTextAnnotation(HtmlPage.number(count), p, t);
        label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, classes > 12 ? 9 : 12));
        label.setPaint(zs[i] > 0.55 ? Color.WHITE : Color.DARK_GRAY);
        labels.add(label);
      }
    }
    DefaultXYZDataset cells = new DefaultXYZDataset();
    cells.addSeries("share of true class", new double[][] {xs, ys, zs});
    NumberAxis predicted = new NumberAxis("predicted class");
    NumberAxis truth = new NumberAxis("true class");
    for (NumberAxis axis : List.of(predicted, truth)) {
      axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      axis.setRange(-0.5, classes - 0.5);
      axis.setLowerMargin(0);
      axis.setUpperMargin(0);
    }
    truth.setInverted(true);
    XYBlockRenderer renderer = new XYBlockRenderer();
    BlueScale scale = new BlueScale();
    renderer.setPaintScale(scale);
    XYPlot plot = new XYPlot(cells, predicted, truth, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    labels.forEach(plot::addAnnotation);
    JFreeChart chart = chart(title, plot, false);
    NumberAxis shareAxis = new NumberAxis("share of true class");
    shareAxis.setRange(0, 1);
    shareAxis.setTickUnit(new NumberTickUnit(0.25));
    PaintScaleLegend legend = new PaintScaleLegend(scale, shareAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(new RectangleInsets(20, 8, 40, 8));
    legend.setStripWidth(14);
    legend.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(legend);
    return Optional.of(png(name, title, chart, HALF, 520));
  }

  /**
   * A sweep's metric: one point per trial against {@code xLabel} (its index or the epochs it trained), or, where the
   * table gives each trial's metric per rung, one line per trial.
   */
  static Optional<Chart> sweepMetric(String name, String title, String xLabel, String metric,
      Map<String, List<double[]>> seriesByTrial, boolean connect) {
    XYSeriesCollection data = new XYSeriesCollection();
    seriesByTrial.forEach((trial, points) -> {
      XYSeries series = new XYSeries(trial, false, true);
      points.forEach(p -> series.add(p[0], p[1]));
      if (series.getItemCount() > 0) {
        data.addSeries(series);
      }
    });
    if (data.getSeriesCount() == 0) {
      return Optional.empty();
    }
    NumberAxis x = new NumberAxis(xLabel);
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setAutoRangeIncludesZero(false);
    // Half a step of room either side, so the first and last trials are not drawn on the plot's edge.
    x.setRange(data.getDomainLowerBound(false) - 0.5, data.getDomainUpperBound(false) + 0.5);
    NumberAxis y = new NumberAxis(metric);
    y.setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(connect, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, LINE);
    }
    boolean legend = data.getSeriesCount() > 1 && data.getSeriesCount() <= 20;
    return Optional.of(render(name, title, new XYPlot(data, x, y, renderer), legend, WIDE, 400));
  }

  private static XYPlot rocPlot(XYSeriesCollection curves) {
    XYSeries chance = new XYSeries("chance", false, true);
    chance.add(0, 0);
    chance.add(1, 1);
    curves.addSeries(chance);
    NumberAxis fpr = new NumberAxis("false positive rate");
    NumberAxis tpr = new NumberAxis("true positive rate");
    fpr.setRange(0, 1);
    tpr.setRange(0, 1.02);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < curves.getSeriesCount() - 1; i++) {
      float[] dash = DASHES[i % DASHES.length];
      renderer.setSeriesStroke(i, dash == null ? LINE
          : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
    }
    int last = curves.getSeriesCount() - 1;
    // thin and grey, so it reads as a reference rather than as one more dashed curve
    renderer.setSeriesStroke(last, DASHED);
    renderer.setSeriesPaint(last, Color.GRAY);
    return new XYPlot(curves, fpr, tpr, renderer);
  }

  private static XYLineAndShapeRenderer lines(Color... colors) {
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < colors.length; i++) {
      renderer.setSeriesPaint(i, colors[i]);
      renderer.setSeriesStroke(i, LINE);
    }
    return renderer;
  }

  private static void add(XYSeries series, double x, JsonNode y) {
    if (y != null && y.isNumber() && Double.isFinite(y.asDouble())) {
      series.add(x, y.asDouble());
    }
  }

  private static Chart render(String name, String title, XYPlot plot, boolean legend, int width, int height) {
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    return png(name, title, chart(title, plot, legend), width, height);
  }

  private static JFreeChart chart(String title, XYPlot plot, boolean legend) {
    plot.setBackgroundPaint(Color.WHITE);
    JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    return chart;
  }

  private static Chart png(String name, String title, JFreeChart chart, int width, int height) {
    try {
      return new Chart(name, title, width, height, ChartUtils.encodeAsPNG(chart.createBufferedImage(width, height)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the chart " + name + " as PNG", e);
    }
  }

  /** White for an empty cell to dark blue for a whole row. */
  private static final class BlueScale implements PaintScale {

    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return 1;
    }

    @Override
    public Paint getPaint(double value) {
      double v = Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
      return new Color(mix(0xFF, 0x08, v), mix(0xFF, 0x30, v), mix(0xFF, 0x6B, v));
    }

    private static int mix(int from, int to, double v) {
      return (int) Math.round(from + (to - from) * Math.sqrt(v));
    }
  }
}
