package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.source.ExampleRows;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The training split's pixel statistics per channel, as data prep records them. */
class PixelStatisticsTest {

  @Test
  void eachChannelIsMeasuredOverItsOwnPlaneOfTheTrainingRowsOnly() throws Exception {
    // three 1x2 colour images: red planes (0, 1), (1, 0) and (9, 9); green 0.5 everywhere; blue (0, 0.25) ...
    float[] features = {
      0, 1, 0.5f, 0.5f, 0, 0.25f,
      1, 0, 0.5f, 0.5f, 0.25f, 0.5f,
      9, 9, 0.5f, 0.5f, 9, 9};
    ExampleRows images = ExampleRows.of(new LabeledDataset(features, new int[] {0, 1, 0}, null, 6, 2, 1, 2, false));
    PixelStatistics statistics = PixelStatistics.fit(images, new int[] {0, 1}, 3);
    assertEquals(List.of(0.5, 0.5, 0.25), statistics.mean());
    assertEquals(List.of(0.5, 1.0, (double) (float) Math.sqrt(0.03125)), statistics.standardDeviation(),
        "a constant channel keeps a deviation of 1");
    assertEquals(statistics, PixelStatistics.of(statistics.toMetrics(), 3), "read back from data prep's metrics");
    assertNull(PixelStatistics.of(Map.of("pixelMean.0", 0.5), 1), "results recorded before have none");
  }

  @Test
  void theBuiltInMnistsStatisticsAreThoseAnExactSumGives() throws Exception {
    DatasetCatalog catalog = new DatasetCatalog(TestData.require("mnist/mnist.ptds", "mnist"));
    ExampleRows mnist = ExampleRows.of(catalog.read("mnist"));
    PixelStatistics statistics = PixelStatistics.fit(mnist, IntStream.range(0, mnist.size()).toArray(), 1);
    // scripts/mnist-pixel-statistics.py (Python's fsum over the same file); torchvision's (0.1307,), (0.3081,) are
    // those of MNIST's 60,000 training images, of which the built-in set's 10,000 are close
    assertEquals(0.1311160063181228, statistics.mean().get(0), 1e-7);
    assertEquals(0.3086688901102299, statistics.standardDeviation().get(0), 1e-7);
  }
}
