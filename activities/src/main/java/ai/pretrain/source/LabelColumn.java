package ai.pretrain.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The label column as records stream in: class names (sorted, so class ids do not depend on row order) or, for a
 * regression, numeric targets.
 */
final class LabelColumn {

  private final String name;
  private final boolean regression;
  private final Categories classes = new Categories();
  private final GrowingFloats targets = new GrowingFloats();

  LabelColumn(String name, boolean regression) {
    this.name = name;
    this.regression = regression;
  }

  /** Checks the label of {@code record}; returns the target of a regression (else unused). */
  float check(String cell, SourceRecord record) {
    if (cell == null) {
      throw record.bad(name, "the label is missing");
    }
    if (!regression) {
      return Float.NaN;
    }
    float target = FeatureColumn.parse(cell);
    if (Float.isNaN(target)) {
      throw record.bad(name, "'" + FeatureColumn.abbreviate(cell) + "' is not a number, and task: regression needs "
          + "a numeric target; use task: classification for classes");
    }
    return target;
  }

  void add(String cell, float target) {
    if (regression) {
      targets.add(target);
    } else {
      classes.add(cell);
    }
  }

  /** Fails unless a classification has at least two classes. */
  void requireClasses(String source) {
    if (!regression && classes.distinct() < 2) {
      throw BadDataException.dataset(source + ": label column '" + name + "' has "
          + (classes.distinct() == 0 ? "no values" : "one class ('" + classes.sorted().get(0) + "')")
          + "; classification needs at least two");
    }
  }

  boolean regression() {
    return regression;
  }

  List<String> classNames() {
    return classes.sorted();
  }

  int[] labels() {
    return classes.sortedIndices();
  }

  float[] targets() {
    return targets.toArray();
  }

  /** Examples per class name, for the dataset card; null for a regression. */
  Map<String, Long> counts() {
    if (regression) {
      return null;
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    List<String> names = classNames();
    long[] perClass = classes.counts();
    for (int i = 0; i < names.size(); i++) {
      counts.put(names.get(i), perClass[i]);
    }
    return counts;
  }
}
