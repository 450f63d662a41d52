package ai.pretrain.source;

import java.util.Arrays;

/** An append-only int array that grows as records stream in: one small value per row, such as a class id. */
final class GrowingInts {

  private int[] values = new int[1024];
  private int size;

  void add(int value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length + (values.length >> 1));
    }
    values[size++] = value;
  }

  int get(int index) {
    return values[index];
  }

  int size() {
    return size;
  }
}
