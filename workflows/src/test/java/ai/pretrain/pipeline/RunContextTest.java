package ai.pretrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunContextTest {

  @Test
  void rerunningAdaptRerunsTheContinuedPretrainingWithinIt() {
    RunContext adapt = new RunContext("run", "x", 42, List.of(Stages.ADAPT));
    assertTrue(adapt.forcesRerun(Stages.ADAPT));
    assertTrue(adapt.forcesRerun(Stages.CONTINUED_PRETRAINING));
    assertFalse(adapt.forcesRerun(Stages.PRETRAIN));
    assertFalse(new RunContext("run", "x", 42, List.of(Stages.PRETRAIN)).forcesRerun(Stages.CONTINUED_PRETRAINING));
  }
}
