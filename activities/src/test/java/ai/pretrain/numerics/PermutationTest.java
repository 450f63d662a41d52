package ai.pretrain.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PermutationTest {

  @Test
  void isAPermutationOfZeroToN() {
    int[] order = Permutation.of(1000, new Random(3));

    assertArrayEquals(IntStream.range(0, 1000).toArray(), Arrays.stream(order).sorted().toArray());
    assertFalse(Arrays.equals(IntStream.range(0, 1000).toArray(), order), "shuffled");
  }

  @Test
  void theSameSeedGivesTheSameOrder() {
    assertArrayEquals(Permutation.of(500, new Random(42)), Permutation.of(500, new Random(42)));
    assertFalse(Arrays.equals(Permutation.of(500, new Random(42)), Permutation.of(500, new Random(43))));
  }

  @Test
  void handlesEmptyAndSingletonInputs() {
    assertArrayEquals(new int[0], Permutation.of(0, new Random(1)));
    assertArrayEquals(new int[] {0}, Permutation.of(1, new Random(1)));
  }
}
