package ai.pretrain.report;

import java.util.List;
import java.util.Locale;

/**
 * A page written top to bottom, every piece of text escaped on the way in. The markup is well-formed XML as well as
 * HTML (void elements closed, only the five XML entities), so tests can parse it strictly.
 */
public final class HtmlPage {

  private final StringBuilder out = new StringBuilder();

  /** Text with {@code & < > " '} escaped: safe inside elements and quoted attributes. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> {
          // Control characters other than tab and newlines are not allowed in HTML (or XML) text.
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }

  /** A number as the tables show it: four decimals, integers without, missing values as a dash. */
  public static String number(Double value) {
    if (value == null || value.isNaN()) {
      return "—";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e12) {
      return String.valueOf(value.longValue());
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }

  /** Markup written by this package, never user text. */
  public HtmlPage raw(String markup) {
    out.append(markup);
    return this;
  }

  public HtmlPage text(String text) {
    out.append(escape(text));
    return this;
  }

  /** {@code <tag class="cssClass">text</tag>}, the text escaped. */
  public HtmlPage element(String tag, String cssClass, String text) {
    out.append('<').append(tag);
    if (cssClass != null) {
      out.append(" class=\"").append(escape(cssClass)).append('"');
    }
    out.append('>').append(escape(text)).append("</").append(tag).append(">\n");
    return this;
  }

  public HtmlPage heading(int level, String id, String text) {
    out.append("<h").append(level).append(" id=\"").append(escape(id)).append("\">").append(escape(text))
        .append("</h").append(level).append(">\n");
    return this;
  }

  public HtmlPage paragraph(String cssClass, String text) {
    return element("p", cssClass, text);
  }

  /** A table of escaped cells; cells that parse as numbers are right-aligned. */
  public HtmlPage table(List<String> header, List<List<String>> rows) {
    out.append("<div class=\"table\"><table>\n<thead><tr>");
    header.forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
    out.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      out.append("<tr>");
      row.forEach(cell -> out.append(isNumeric(cell) ? "<td class=\"num\">" : "<td>").append(escape(cell))
          .append("</td>"));
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table></div>\n");
    return this;
  }

  /** A chart as an embedded PNG, its title as the alternative text. */
  HtmlPage figure(Chart chart) {
    out.append("<figure class=\"chart\"><img src=\"").append(chart.dataUri()).append("\" width=\"")
        .append(chart.width()).append("\" height=\"").append(chart.height()).append("\" alt=\"")
        .append(escape(chart.title())).append("\" data-chart=\"").append(escape(chart.name()))
        .append("\" /></figure>\n");
    return this;
  }

  /** Preformatted text (raw Markdown, JSON) folded away under a summary line. */
  public HtmlPage details(String summary, String preformatted) {
    out.append("<details><summary>").append(escape(summary)).append("</summary><pre>").append(escape(preformatted))
        .append("</pre></details>\n");
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private static boolean isNumeric(String cell) {
    if (cell == null || cell.isEmpty()) {
      return false;
    }
    try {
      Double.parseDouble(cell);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
