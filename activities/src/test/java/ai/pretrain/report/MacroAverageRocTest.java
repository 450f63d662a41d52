package ai.pretrain.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MacroAverageRocTest {

  @Test
  void averagesTheInterpolatedTruePositiveRatesOverTheUnionOfFalsePositiveRates() {
    MacroAverageRoc.Curve perfect = new MacroAverageRoc.Curve(new double[] {0, 0, 1}, new double[] {0, 1, 1});
    MacroAverageRoc.Curve chance = new MacroAverageRoc.Curve(new double[] {0, 1}, new double[] {0, 1});

    double[][] macro = MacroAverageRoc.of(List.of(perfect, chance));

    // numpy.interp takes the last of tied x values: the perfect curve is at 1 from fpr 0.
    assertArrayEquals(new double[] {0, 0.5}, macro[0]);
    assertArrayEquals(new double[] {1, 1}, macro[1]);
    assertEquals(0.75, MacroAverageRoc.interpolate(
        new MacroAverageRoc.Curve(new double[] {0, 0.5, 1}, new double[] {0, 0.5, 1}), 0.75), 1e-12);
  }
}
