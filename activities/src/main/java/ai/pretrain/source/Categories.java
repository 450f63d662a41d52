package ai.pretrain.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct string values of a column in order of first appearance, each record holding the value's id, and the
 * same values sorted (numerically where every value is a number), so the encoding does not depend on row order.
 */
final class Categories {

  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> values = new ArrayList<>();
  private int[] rows = new int[1024];
  private int size;

  /** Records one row's value. */
  void add(String value) {
    Integer id = ids.get(value);
    if (id == null) {
      id = values.size();
      ids.put(value, id);
      values.add(value);
    }
    if (size == rows.length) {
      rows = Arrays.copyOf(rows, rows.length + (rows.length >> 1));
    }
    rows[size++] = id;
  }

  /** How many rows hold each of the {@link #sorted()} values. */
  long[] counts() {
    long[] counts = new long[values.size()];
    for (int index : sortedIndices()) {
      counts[index]++;
    }
    return counts;
  }

  int distinct() {
    return values.size();
  }

  /** The values sorted: numerically where all are numbers, else as strings. */
  List<String> sorted() {
    boolean numbers = values.stream().allMatch(Categories::isNumber);
    Comparator<String> order = numbers ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
    return values.stream().sorted(order).toList();
  }

  /** Every recorded row's index into {@link #sorted()}. */
  int[] sortedIndices() {
    List<String> sorted = sorted();
    int[] rank = new int[values.size()];
    for (int i = 0; i < values.size(); i++) {
      rank[i] = sorted.indexOf(values.get(i));
    }
    int[] indices = new int[size];
    for (int i = 0; i < size; i++) {
      indices[i] = rank[rows[i]];
    }
    return indices;
  }

  int size() {
    return size;
  }

  static boolean isNumber(String value) {
    try {
      Double.parseDouble(value);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
