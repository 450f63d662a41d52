package ai.pretrain.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every row reads back as written, whatever the order of the reads: a scan, a scan with gaps, random, backwards. */
class FeatureSpoolTest {

  private static final int ROWS = 30_000;
  private static final int COLUMNS = 7;

  @TempDir Path workspace;

  @Test
  void rowsReadBackInAnyOrder() throws IOException {
    try (FeatureSpool spool = new FeatureSpool(workspace, COLUMNS)) {
      for (int row = 0; row < ROWS; row++) {
        spool.add(rowOf(row));
      }
      spool.flush();
      Random random = new Random(3);
      assertReads(spool, IntStream.range(0, ROWS).toArray());
      assertReads(spool, IntStream.range(0, ROWS).filter(r -> random.nextInt(10) < 9).toArray());
      assertReads(spool, IntStream.range(0, ROWS).filter(r -> r % 40_000 == 0 || random.nextInt(5_000) == 0)
          .toArray());
      assertReads(spool, random.ints(ROWS, 0, ROWS).toArray());
      assertReads(spool, IntStream.range(0, ROWS).map(r -> ROWS - 1 - r).toArray());
    }
  }

  private static void assertReads(FeatureSpool spool, int[] order) throws IOException {
    float[] into = new float[COLUMNS];
    for (int row : order) {
      spool.read(row, into);
      assertArrayEquals(rowOf(row), into, "row " + row);
    }
  }

  private static float[] rowOf(int row) {
    float[] values = new float[COLUMNS];
    for (int c = 0; c < COLUMNS; c++) {
      values[c] = row * 10f + c;
    }
    return values;
  }
}
