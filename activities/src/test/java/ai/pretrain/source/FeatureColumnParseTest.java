package ai.pretrain.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A numeric cell becomes exactly the float {@code Float.parseFloat} gives (the faster parser must not move a single
 * bit: the built-in and by-URI datasets give the same numbers), and anything that is not a finite decimal is NaN.
 */
class FeatureColumnParseTest {

  @Test
  void everyDecimalParsesToTheSameFloatAsTheJdk() {
    Random random = new Random(20261203);
    for (int i = 0; i < 200_000; i++) {
      String cell = switch (i % 5) {
        case 0 -> String.format(Locale.ROOT, "%.4f", random.nextGaussian() * 100);
        case 1 -> String.format(Locale.ROOT, "%.9f", random.nextDouble());
        case 2 -> Long.toString(random.nextLong() >> random.nextInt(63));
        case 3 -> String.format(Locale.ROOT, "%.6e", random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30));
        // halfway cases between neighbouring floats, where a careless parser rounds the wrong way
        default -> new java.math.BigDecimal(Math.nextUp(random.nextFloat()) / 2.0 + random.nextFloat() / 2.0)
            .toPlainString();
      };
      assertEquals(Float.floatToIntBits(Float.parseFloat(cell)), Float.floatToIntBits(FeatureColumn.parse(cell)),
          cell);
    }
  }

  @Test
  void theEdgesOfTheFloatRangeParseAsTheJdkDoes() {
    for (String cell : new String[] {"3.4028235e38", "1.4e-45", "7e-46", "-0", "0.0", "+1.5", ".5", "5.", "1e-50"}) {
      assertEquals(Float.floatToIntBits(Float.parseFloat(cell)), Float.floatToIntBits(FeatureColumn.parse(cell)),
          cell);
    }
  }

  @Test
  void whatIsNoFiniteDecimalIsNaN() {
    for (String cell : new String[] {"abc", "1,5", "NaN", "Infinity", "-Infinity", "3.5e39", "1f", "2d", "", "--1",
        "1e", "0x1p3x"}) {
      assertTrue(Float.isNaN(FeatureColumn.parse(cell)), cell);
    }
  }

  @Test
  void missingMarkersAreToldApartFromEveryOtherCell() {
    for (String marker : FeatureColumn.MISSING_MARKERS) {
      assertTrue(FeatureColumn.isMissingMarker(marker), marker);
    }
    for (String cell : new String[] {"", "0", "-1.5", "1e-3", "N", "Na", "NAN", "nil", "none", "None", "?!", "NaN1",
        "n/a ", "Infinity", "nullable", "."}) {
      assertEquals(false, FeatureColumn.isMissingMarker(cell), cell);
    }
  }
}
