package ai.pretrain.source;

import java.util.Arrays;

/** An append-only float array that grows as records stream in. */
final class GrowingFloats {

  private float[] values = new float[1024];
  private int size;

  void add(float value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length + (values.length >> 1));
    }
    values[size++] = value;
  }

  float get(int index) {
    return values[index];
  }

  int size() {
    return size;
  }

  float[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
