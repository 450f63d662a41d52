package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReproducibleKernelsTest {

  @Test
  void theThreeSettingsMakeTheKernelsReproducibleWhateverTheirCase() {
    Map<String, String> env = Map.of("MKL_CBWR", "auto, strict", "MKL_DYNAMIC", "false", "OMP_DYNAMIC", "FALSE");

    assertTrue(ReproducibleKernels.reproducible(env));
    assertTrue(ReproducibleKernels.describe(env).startsWith("CPU kernels reproducible (MKL_CBWR=auto, strict"),
        ReproducibleKernels.describe(env));
  }

  @Test
  void aMissingOrWeakerSettingIsNamedWithTheValueToSet() {
    // MKL_CBWR=AVX2 alone still failed the resume test on an AVX-512 Xeon: only strict mode is accepted.
    Map<String, String> env = Map.of("MKL_CBWR", "AVX2", "OMP_DYNAMIC", "FALSE");

    assertFalse(ReproducibleKernels.reproducible(env));
    assertEquals("CPU kernels NOT reproducible (MKL_CBWR=AVX2 MKL_DYNAMIC=<unset> OMP_DYNAMIC=FALSE): on AVX-512 "
        + "processors the same seed can give different weights and a resumed training can end elsewhere than an "
        + "uninterrupted one; set MKL_CBWR=AUTO,STRICT MKL_DYNAMIC=FALSE in the worker's environment (the chart and "
        + "images do)", ReproducibleKernels.describe(env));
  }

  @Test
  void theTestProcessItselfRunsUnderThem() {
    assertTrue(ReproducibleKernels.reproducible(System.getenv()), ReproducibleKernels.describe(System.getenv()));
  }
}
