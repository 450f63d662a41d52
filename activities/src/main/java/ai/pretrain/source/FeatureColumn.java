package ai.pretrain.source;

/**
 * One feature column as records stream in: numeric (its first value is a number; missing values kept as NaN) or
 * categorical (its first value is not; one-hot encoded at the end), with the summary the dataset card shows.
 */
final class FeatureColumn {

  private final String name;
  private final boolean fillMissing;
  private Boolean numeric;
  private String decidedAt;
  private final GrowingFloats numbers = new GrowingFloats();
  private final Categories categories = new Categories();
  private long missing;

  FeatureColumn(String name, boolean fillMissing) {
    this.name = name;
    this.fillMissing = fillMissing;
  }

  String name() {
    return name;
  }

  /**
   * Checks {@code cell} of {@code record} without recording it; returns the number it holds (NaN for a missing number,
   * and unused for a categorical column).
   */
  float check(String cell, SourceRecord record) {
    if (cell == null) {
      if (numeric == Boolean.FALSE) {
        return Float.NaN;
      }
      if (!fillMissing) {
        throw record.bad(name, "is missing; fill it in, or set missing: mean to use the training split's mean");
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

  /** Records a checked cell. */
  void add(String cell, float value, SourceRecord record) {
    if (numeric == null && cell != null) {
      numeric = !Float.isNaN(value);
      decidedAt = record.where();
      if (!numeric) {
        // rows before this one were all missing: they become the empty category
        for (int i = 0; i < numbers.size(); i++) {
          categories.add("");
        }
      }
    }
    if (cell == null) {
      missing++;
    }
    if (numeric == Boolean.FALSE) {
      categories.add(cell == null ? "" : cell);
    } else {
      numbers.add(value);
    }
  }

  /** Columns this feature takes in the encoded examples: 1 for a number, one per value for a category. */
  int width() {
    return numeric == Boolean.FALSE ? categories.distinct() : 1;
  }

  boolean numeric() {
    return numeric != Boolean.FALSE;
  }

  Categories categories() {
    return categories;
  }

  /** Writes every row's encoding into {@code features} (row-major, {@code stride} per row) from {@code offset}. */
  void encode(float[] features, int stride, int offset) {
    if (numeric()) {
      for (int i = 0; i < numbers.size(); i++) {
        features[i * stride + offset] = numbers.get(i);
      }
    } else {
      int[] indices = categories.sortedIndices();
      for (int i = 0; i < indices.length; i++) {
        features[i * stride + offset + indices[i]] = 1f;
      }
    }
  }

  /** Mean, standard deviation, minimum and maximum of the non-missing numbers; for the dataset card. */
  DatasetCard.Feature summary() {
    if (!numeric()) {
      return new DatasetCard.Feature(name, "categorical", null, null, null, null, missing, categories.sorted());
    }
    double sum = 0;
    double squares = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long count = 0;
    for (int i = 0; i < numbers.size(); i++) {
      float v = numbers.get(i);
      if (!Float.isNaN(v)) {
        sum += v;
        squares += (double) v * v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        count++;
      }
    }
    double mean = count == 0 ? Double.NaN : sum / count;
    double std = count == 0 ? Double.NaN : Math.sqrt(Math.max(0, squares / count - mean * mean));
    return new DatasetCard.Feature(name, "numeric", mean, std, count == 0 ? null : min, count == 0 ? null : max,
        missing, null);
  }

  /** The number in {@code cell}, or NaN when it is not a finite number. */
  static float parse(String cell) {
    try {
      float value = Float.parseFloat(cell);
      return Float.isFinite(value) && !cell.endsWith("f") && !cell.endsWith("d") ? value : Float.NaN;
    } catch (NumberFormatException e) {
      return Float.NaN;
    }
  }

  static String abbreviate(String cell) {
    return cell.length() <= 40 ? cell : cell.substring(0, 40) + "...";
  }
}
