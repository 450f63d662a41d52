package ai.pretrain.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct string values of a column in order of first appearance, with how many rows hold each, and the same
 * values sorted (numerically where every value is a number), so the encoding does not depend on row order. A label
 * column also keeps each row's value ({@link #add}); a feature column only counts ({@link #tally}), since its rows
 * go to the spool.
 */
final class Categories {

  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> values = new ArrayList<>();
  private long[] perValue = new long[16];
  private final GrowingInts rows = new GrowingInts();

  /** Counts one row's value; returns the value's id (its order of first appearance). */
  int tally(String value) {
    Integer id = ids.get(value);
    if (id == null) {
      id = values.size();
      ids.put(value, id);
      values.add(value);
      if (id == perValue.length) {
        perValue = Arrays.copyOf(perValue, perValue.length * 2);
      }
    }
    perValue[id]++;
    return id;
  }

  /** Counts and records one row's value. */
  void add(String value) {
    rows.add(tally(value));
  }

  /** How many rows hold each of the {@link #sorted()} values. */
  long[] counts() {
    int[] rank = ranks();
    long[] counts = new long[values.size()];
    for (int id = 0; id < rank.length; id++) {
      counts[rank[id]] = perValue[id];
    }
    return counts;
  }

  int distinct() {
    return values.size();
  }

  /** The id of {@code value}, or -1 where no row held it. */
  int id(String value) {
    return ids.getOrDefault(value, -1);
  }

  /** The values sorted: numerically where all are numbers, else as strings. */
  List<String> sorted() {
    boolean numbers = values.stream().allMatch(Categories::isNumber);
    Comparator<String> order = numbers ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
    return values.stream().sorted(order).toList();
  }

  /** Each value id's index into {@link #sorted()}. */
  int[] ranks() {
    List<String> sorted = sorted();
    int[] rank = new int[values.size()];
    for (int i = 0; i < values.size(); i++) {
      rank[i] = sorted.indexOf(values.get(i));
    }
    return rank;
  }

  /** Every recorded row's index into {@link #sorted()}. */
  int[] sortedIndices() {
    int[] rank = ranks();
    int[] indices = new int[rows.size()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = rank[rows.get(i)];
    }
    return indices;
  }

  int size() {
    return rows.size();
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
