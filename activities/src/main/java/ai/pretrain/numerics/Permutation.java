package ai.pretrain.numerics;

import java.util.Random;
import java.util.stream.IntStream;

/** A seeded Fisher-Yates shuffle of 0..n-1: the one source of example order for splits and batches. */
public final class Permutation {

  private Permutation() {}

  public static int[] of(int n, Random random) {
    int[] order = IntStream.range(0, n).toArray();
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
