package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.source.ExampleRows;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TargetStandardizationTest {

  private static TargetStandardization fit(float... targets) {
    ExampleRows rows = ExampleRows.of(LabeledDataset.regressionTable(new float[targets.length], targets, 1));
    return TargetStandardization.fit(rows, IntStream.range(0, targets.length).toArray());
  }

  @Test
  void fitsThePopulationMeanAndDeviationOfTheTrainingTargets() {
    // mean 5, squared deviations 9 + 1 + 1 + 9 = 20 over 4: deviation sqrt(5), as numpy's std (ddof 0)
    TargetStandardization fitted = fit(2, 4, 6, 8);

    assertEquals(5, fitted.mean(), 1e-12);
    assertEquals(Math.sqrt(5), fitted.standardDeviation(), 1e-12);
  }

  @Test
  void appliesTheTrainingStatisticsToOtherSplitsAndMapsPredictionsBack() {
    TargetStandardization fitted = fit(2, 4, 6, 8);

    assertEquals(0, fitted.apply(5), 1e-6);
    assertEquals(1, fitted.apply(5 + (float) Math.sqrt(5)), 1e-6);
    assertEquals(100, fitted.toOriginal(fitted.apply(100)), 1e-4);
    assertEquals(5 - 2 * Math.sqrt(5), fitted.toOriginal(-2), 1e-12);
  }

  @Test
  void aConstantTargetKeepsADeviationOfOne() {
    TargetStandardization fitted = fit(3, 3, 3);

    assertEquals(1, fitted.standardDeviation());
    assertEquals(0, fitted.apply(3));
  }

  @Test
  void roundTripsThroughTheStageMetricsAndNamesAMissingOne() {
    TargetStandardization fitted = new TargetStandardization(152.1, 77.2);

    assertEquals(fitted, TargetStandardization.fromMetrics(fitted.toMetrics()));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> TargetStandardization.fromMetrics(Map.of(TargetStandardization.MEAN, 1.0)));
    assertTrue(missing.getMessage().contains("'targetStandardDeviation'"), missing.getMessage());
  }
}
