package ai.pretrain.source;

import ch.randelshofer.fastdoubleparser.JavaFloatParser;

/**
 * One feature column as records stream in: numeric (its first value is a number; missing values kept as NaN) or
 * categorical (its first value is not; one-hot encoded at the end), with the running summary the dataset card shows.
 * The rows themselves go to a {@link FeatureSpool}, each as the number or the category's id that {@link #add} returns.
 */
final class FeatureColumn {

  /**
   * What exports write for a missing value besides an empty cell (R's and pandas' {@code NA}, {@code NaN}, SQL's
   * {@code NULL}, the UCI repository's {@code ?}): missing in a feature column, as pandas' {@code read_csv} reads
   * them, so a numeric column with gaps stays numeric and {@code missing: mean} fills them. Labels, ids and texts
   * keep them as written.
   */
  static final java.util.Set<String> MISSING_MARKERS = java.util.Set.of("NA", "N/A", "n/a", "NaN", "nan", "null",
      "NULL", "?");

  /**
   * Whether {@code cell} is one of the {@link #MISSING_MARKERS}; a cell that cannot be one (every number) is told
   * apart by its length and first character, without hashing it, since this runs for every cell of a table.
   */
  static boolean isMissingMarker(String cell) {
    if (cell.isEmpty() || cell.length() > 4) {
      return false;
    }
    char first = cell.charAt(0);
    return (first == 'N' || first == 'n' || first == '?') && MISSING_MARKERS.contains(cell);
  }

  private final String name;
  private final boolean fillMissing;
  private Boolean numeric;
  private String decidedAt;
  private final Categories categories = new Categories();
  private long rows;
  private long missing;
  private long present;
  private double sum;
  private double squares;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  /** Each category id's one-hot position, fixed by {@link #freeze()}. */
  private int[] ranks;

  FeatureColumn(String name, boolean fillMissing) {
    this.name = name;
    this.fillMissing = fillMissing;
  }

  String name() {
    return name;
  }

  /**
   * Checks {@code cell} of {@code record} without recording it; returns the number it holds (NaN for a missing number,
   * a {@link #MISSING_MARKERS} one included, and unused for a categorical column).
   */
  float check(String cell, SourceRecord record) {
    if (cell == null || isMissingMarker(cell)) {
      if (numeric == Boolean.FALSE) {
        return Float.NaN;
      }
      if (!fillMissing) {
        throw record.bad(name, "is missing" + (cell == null ? "" : " ('" + cell + "')") + "; fill it in, or set "
            + "missing: mean to use the training split's mean");
      }
      return Float.NaN;
    }
    if (numeric == null) {
      return parse(cell);
    }
    if (!numeric) {
      return Float.NaN;
    }
    float value = parse(cell);
    if (Float.isNaN(value)) {
      throw record.bad(name, "'" + abbreviate(cell) + "' is not a number, and the column is numeric (its first value, "
          + decidedAt + ", is)");
    }
    return value;
  }

  /**
   * Records a checked cell; returns what the spool keeps for it: the number (NaN where missing), or the category's id.
   * Rows spooled before a column turns out categorical were all missing: they hold NaN, read as the empty category.
   */
  float add(String written, float value, SourceRecord record) {
    String cell = written == null || isMissingMarker(written) ? null : written;
    if (numeric == null && cell != null) {
      numeric = !Float.isNaN(value);
      decidedAt = record.where();
      if (!numeric) {
        for (long i = 0; i < rows; i++) {
          categories.tally("");
        }
      }
    }
    rows++;
    if (cell == null) {
      missing++;
    }
    if (numeric == Boolean.FALSE) {
      return categories.tally(cell == null ? "" : cell);
    }
    if (!Float.isNaN(value)) {
      sum += value;
      squares += (double) value * value;
      min = Math.min(min, value);
      max = Math.max(max, value);
      present++;
    }
    return value;
  }

  /** Columns this feature takes in the encoded examples: 1 for a number, one per value for a category. */
  int width() {
    return numeric == Boolean.FALSE ? categories.distinct() : 1;
  }

  boolean numeric() {
    return numeric != Boolean.FALSE;
  }

  /** Whether a numeric value is missing in some row (a categorical one is the empty category instead). */
  boolean missingNumbers() {
    return numeric() && missing > 0;
  }

  Categories categories() {
    return categories;
  }

  /** Fixes the one-hot positions once every row is in. */
  void freeze() {
    ranks = numeric() ? null : categories.ranks();
  }

  /** Writes the encoding of a spooled value into {@code features} from {@code offset} ({@link #width()} values). */
  void encode(float spooled, float[] features, int offset) {
    if (ranks == null) {
      features[offset] = spooled;
      return;
    }
    java.util.Arrays.fill(features, offset, offset + ranks.length, 0f);
    int id = Float.isNaN(spooled) ? categories.id("") : (int) spooled;
    features[offset + ranks[id]] = 1f;
  }

  /** Mean, standard deviation, minimum and maximum of the non-missing numbers; for the dataset card. */
  DatasetCard.Feature summary() {
    if (!numeric()) {
      return new DatasetCard.Feature(name, "categorical", null, null, null, null, missing, categories.sorted());
    }
    double mean = present == 0 ? Double.NaN : sum / present;
    double std = present == 0 ? Double.NaN : Math.sqrt(Math.max(0, squares / present - mean * mean));
    return new DatasetCard.Feature(name, "numeric", mean, std, present == 0 ? null : asRead(min),
        present == 0 ? null : asRead(max), missing, null);
  }

  /** A parsed float32 value as its shortest decimal, 119.31 rather than the double 119.30999755859375. */
  private static double asRead(double value) {
    return Double.parseDouble(Float.toString((float) value));
  }

  /** The number in {@code cell}, or NaN when it is not a finite number; the same float as {@code Float.parseFloat}. */
  static float parse(String cell) {
    try {
      float value = JavaFloatParser.parseFloat(cell);
      return Float.isFinite(value) && !cell.endsWith("f") && !cell.endsWith("d") ? value : Float.NaN;
    } catch (NumberFormatException e) {
      return Float.NaN;
    }
  }

  static String abbreviate(String cell) {
    return cell.length() <= 40 ? cell : cell.substring(0, 40) + "...";
  }
}
