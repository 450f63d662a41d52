package ai.pretrain.evaluation;

import java.util.List;
import java.util.Locale;

/** A Markdown table of a label column and numeric columns, values to four decimals and undefined ones as a dash. */
final class MarkdownTable {

  private final StringBuilder md = new StringBuilder();

  /** {@code headings}: the label column's, then the values'; numeric labels (class ids) are right-aligned too. */
  MarkdownTable(List<String> headings, boolean numericLabels) {
    headings.forEach(heading -> md.append("| ").append(heading).append(' '));
    md.append("|\n|").append(numericLabels ? " ---: |" : " --- |").append(" ---: |".repeat(headings.size() - 1))
        .append('\n');
  }

  MarkdownTable row(Object label, List<Double> values) {
    md.append("| ").append(label).append(" |");
    values.forEach(value -> md.append(' ').append(decimal(value)).append(" |"));
    md.append('\n');
    return this;
  }

  static String decimal(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "—";
  }

  @Override
  public String toString() {
    return md.toString();
  }
}
