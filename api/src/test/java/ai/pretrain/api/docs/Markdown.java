package ai.pretrain.api.docs;

import java.util.Locale;

/** The little Markdown the generated reference pages need: table cells, heading anchors, the generated notice. */
final class Markdown {

  /** First lines of every generated page; {@code %s} is the source it was generated from. */
  static final String GENERATED_NOTICE = "<!-- Generated from %s by the api module's docs tests; do not edit by hand. "
      + "-->\n<!-- Regenerate: " + GeneratedPage.REGENERATE + " -->";

  private Markdown() {}

  /** Text safe inside a table cell: pipes escaped, line breaks flattened. */
  static String cell(String text) {
    return text.replace("|", "\\|").replace("\r", "").replace("\n", " ");
  }

  /** The anchor GitHub gives a heading. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }
}
