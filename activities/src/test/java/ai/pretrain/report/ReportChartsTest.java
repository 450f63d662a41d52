package ai.pretrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.junit.jupiter.api.Test;

class ReportChartsTest {

  @Test
  void overlappingMacroRocCurvesDifferInLineStyleAndNameTheirAucInTheLegend() {
    // two models with the very same curve: colour alone would draw one exactly over the other
    double[][] same = {{0, 0}, {0.1, 0.8}, {1, 1}};
    Map<String, double[][]> curves = new LinkedHashMap<>();
    curves.put("pretrained", same);
    curves.put("scratch", same);
    curves.put("linear-probe", new double[][] {{0, 0}, {0.3, 0.6}, {1, 1}});

    XYPlot plot = ReportCharts.macroRocPlot(curves, Map.of("pretrained", 0.9525, "scratch", 0.9525)).orElseThrow();

    List<String> keys = new ArrayList<>();
    for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
      keys.add(plot.getDataset().getSeriesKey(i).toString());
    }
    assertEquals(List.of("pretrained (AUC 0.953)", "scratch (AUC 0.953)", "linear-probe", "chance"), keys);
    XYItemRenderer renderer = plot.getRenderer();
    List<String> styles = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      BasicStroke stroke = (BasicStroke) renderer.getSeriesStroke(i);
      String style = Arrays.toString(stroke.getDashArray()) + "/" + stroke.getLineWidth();
      assertFalse(styles.contains(style), keys.get(i) + " is drawn like another curve: " + style);
      styles.add(style);
    }
  }
}
