package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RowOrderTest {

  private static int[] rows(RowOrder order) {
    return IntStream.range(0, order.size()).map(order::row).toArray();
  }

  @Test
  void aViewOfAnIndexArrayReadsItsPositionsAndSlicesWithinThem() {
    RowOrder tail = new RowOrder(new int[] {9, 4, 7, 1, 3}, 1, 5);
    assertArrayEquals(new int[] {4, 7, 1, 3}, rows(tail));
    assertArrayEquals(new int[] {7, 1}, rows(tail.slice(1, 3)));
  }

  @Test
  void aRangeIsItsRowsInAscendingOrder() {
    RowOrder range = RowOrder.range(10, 15);
    assertArrayEquals(new int[] {10, 11, 12, 13, 14}, rows(range));
    assertArrayEquals(new int[] {13, 14}, rows(range.slice(3, 5)));
  }
}
