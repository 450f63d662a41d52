package ai.pretrain.data;

/**
 * The rows of an example table that a shard holds, in the order it holds them: positions {@code from} to {@code to}
 * of an index array, or, without one, the rows {@code from} to {@code to} themselves. A view, so that writing
 * hundreds of thousands of language-model windows copies no index array (text data prep runs in a heap smaller than
 * its text: {@code TextPrepHeapBoundTest}).
 */
record RowOrder(int[] rows, int from, int to) {

  /** All of {@code rows}, in their order. */
  static RowOrder of(int[] rows) {
    return new RowOrder(rows, 0, rows.length);
  }

  /** The rows {@code from} (inclusive) to {@code to} (exclusive), ascending. */
  static RowOrder range(int from, int to) {
    return new RowOrder(null, from, to);
  }

  int size() {
    return to - from;
  }

  /** The row at {@code position} of this order. */
  int row(int position) {
    return rows == null ? from + position : rows[from + position];
  }

  /** Positions {@code start} (inclusive) to {@code end} (exclusive) of this order. */
  RowOrder slice(int start, int end) {
    return new RowOrder(rows, from + start, from + end);
  }
}
