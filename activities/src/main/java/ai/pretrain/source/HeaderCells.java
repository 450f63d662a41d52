package ai.pretrain.source;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One CSV record's cells by column, in the header's order: an array of values behind a lookup table that all
 * records of the file share, so that a record costs one array rather than a map entry per cell.
 */
final class HeaderCells extends AbstractMap<String, String> {

  /** Each column's position, built once per file; where a name repeats, the last (as a map of the cells kept). */
  static Map<String, Integer> positions(List<String> columns) {
    Map<String, Integer> positions = new java.util.HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      positions.put(columns.get(i), i);
    }
    return positions;
  }

  private final List<String> columns;
  private final Map<String, Integer> positions;
  private final String[] values;

  /** {@code values} in the order of {@code columns}, null where a cell is missing. */
  HeaderCells(List<String> columns, Map<String, Integer> positions, String[] values) {
    this.columns = columns;
    this.positions = positions;
    this.values = values;
  }

  @Override
  public String get(Object column) {
    Integer at = positions.get(column);
    return at == null ? null : values[at];
  }

  @Override
  public boolean containsKey(Object column) {
    return positions.containsKey(column);
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Entry<String, String> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            int at = next++;
            return new SimpleImmutableEntry<>(columns.get(at), values[at]);
          }
        };
      }

      @Override
      public int size() {
        return values.length;
      }
    };
  }
}
