package ai.pretrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FineTuneSpecTest {

  @Test
  void withReplacesTopLevelAndOptimizerFieldsAndKeepsTheRest() {
    FineTuneSpec base = FineTuneSpec.defaults();

    FineTuneSpec swept = base.with("learningRate", 0.01).with("batchSize", 16).with("optimizer.l1", 1e-5);

    assertEquals(0.01, swept.learningRate());
    assertEquals(16, swept.batchSize());
    assertEquals(1e-5, swept.optimizer().l1());
    assertEquals(base.epochs(), swept.epochs());
    assertEquals(base.optimizer().schedule(), swept.optimizer().schedule());
  }

  @Test
  void withRefusesAFieldThatIsNotNumeric() {
    assertThrows(IllegalArgumentException.class, () -> FineTuneSpec.defaults().with("monitor", 1));
    assertThrows(IllegalArgumentException.class, () -> FineTuneSpec.defaults().with("learningRat", 1));
  }
}
