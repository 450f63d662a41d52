package ai.pretrain.api.compare;

import ai.pretrain.report.HtmlPage;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart as inline SVG, one line per run: the compare page overlays runs' curves without images or scripts, so
 * its Content-Security-Policy can forbid everything but inline style.
 */
final class SvgLineChart {

  private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
      "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  private static final int WIDTH = 760;
  private static final int HEIGHT = 360;
  private static final int LEFT = 60;
  private static final int RIGHT = 290;
  private static final int TOP = 30;
  private static final int BOTTOM = 40;

  private SvgLineChart() {}

  /** The chart of each series' {x, y} rows; {@code name} marks it for tests ({@code data-chart}). */
  static String of(String name, String title, String xLabel, String yLabel, Map<String, double[][]> series) {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (double[][] points : series.values()) {
      for (double[] p : points) {
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    if (maxY == minY) {
      maxY = minY + 1;
    }
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append("<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
        .append("\" height=\"").append(HEIGHT).append("\" role=\"img\" data-chart=\"").append(HtmlPage.escape(name))
        .append("\"><title>").append(HtmlPage.escape(title)).append("</title>\n");
    text(svg, LEFT, 18, "start", "bold", title);
    svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotWidth)
        .append("\" height=\"").append(plotHeight).append("\" fill=\"none\" stroke=\"#999\" />\n");
    text(svg, LEFT, HEIGHT - BOTTOM + 16, "start", "normal", HtmlPage.number(minX));
    text(svg, LEFT + plotWidth, HEIGHT - BOTTOM + 16, "end", "normal", HtmlPage.number(maxX));
    text(svg, LEFT + plotWidth / 2, HEIGHT - 6, "middle", "normal", xLabel);
    text(svg, LEFT - 6, TOP + plotHeight, "end", "normal", HtmlPage.number(minY));
    text(svg, LEFT - 6, TOP + 10, "end", "normal", HtmlPage.number(maxY));
    svg.append("<text transform=\"rotate(-90 14 ").append(TOP + plotHeight / 2).append(")\" x=\"14\" y=\"")
        .append(TOP + plotHeight / 2).append("\" text-anchor=\"middle\" font-size=\"11\" font-family=\"sans-serif\">")
        .append(HtmlPage.escape(yLabel)).append("</text>\n");
    int i = 0;
    for (Map.Entry<String, double[][]> line : series.entrySet()) {
      String colour = COLOURS[i % COLOURS.length];
      svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" data-series=\"")
          .append(HtmlPage.escape(line.getKey())).append("\" points=\"");
      for (double[] p : line.getValue()) {
        double x = LEFT + (p[0] - minX) / (maxX - minX) * plotWidth;
        double y = TOP + plotHeight - (p[1] - minY) / (maxY - minY) * plotHeight;
        svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.append("\" />\n");
      int legendY = TOP + 14 + 18 * i;
      svg.append("<line x1=\"").append(WIDTH - RIGHT + 10).append("\" y1=\"").append(legendY - 4).append("\" x2=\"")
          .append(WIDTH - RIGHT + 30).append("\" y2=\"").append(legendY - 4).append("\" stroke-width=\"2\" stroke=\"")
          .append(colour).append("\" />\n");
      text(svg, WIDTH - RIGHT + 34, legendY, "start", "normal", line.getKey());
      i++;
    }
    return svg.append("</svg></figure>\n").toString();
  }

  private static void text(StringBuilder svg, int x, int y, String anchor, String weight, String text) {
    svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor)
        .append("\" font-weight=\"").append(weight).append("\" font-size=\"11\" font-family=\"sans-serif\">")
        .append(HtmlPage.escape(text)).append("</text>\n");
  }
}
