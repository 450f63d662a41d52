package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import ai.pretrain.numerics.EngineScalar;
import ai.pretrain.numerics.GradientClipping;
import ai.pretrain.numerics.GradientTape;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.LoraSpec;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The training session's fused step ({@link AdamW#step}) gives the weights DJL's {@code Trainer.step()} gives through
 * {@link AdamW#update} and the native adamUpdate, bit for bit: same aten ops in the same order.
 */
class FusedAdamStepTest {

  private static final EncoderSpec MLP = new EncoderSpec("mlp", List.of(16, 12), 8, null, null, null, null);
  private static final int FEATURES = 10;
  private static final int CLASSES = 3;
  private static final long SEED = 5;

  @Test
  void decoupledDecayClippingAccumulationAndAScheduleStepBitIdentically() throws Exception {
    assertSameWeights(new AdaptSpec(6, 0.0, false), 0.1, 0, 0, 1f);
  }

  @Test
  void penaltiesWithoutDecayAndScaledRatesStepBitIdentically() throws Exception {
    assertSameWeights(new AdaptSpec(6, 0.0, false), 0, 1e-3, 1e-4, 0.5f);
  }

  @Test
  void loraLeavesTheFrozenWeightsAndStepsTheAdaptersBitIdentically() throws Exception {
    assertSameWeights(new AdaptSpec(0, 0.0, false, null, new LoraSpec(2, 8.0, List.of("encoder.*"))), 0.01, 0, 0,
        1f);
  }

  @Test
  void aParameterNoBackwardReachedStepsOnZerosAsDjlsGetGradientGives() throws Exception {
    Classifier fused = new Classifier(MLP, new AdaptSpec(6, 0.0, false), CLASSES);
    Classifier reference = new Classifier(MLP, new AdaptSpec(6, 0.0, false), CLASSES);
    AdamW fusedAdam = new AdamW(Tracker.fixed(1e-2f), 1e-2, 0, 0.1);
    AdamW referenceAdam = new AdamW(Tracker.fixed(1e-2f), 1e-2, 0, 0.1);
    try (TrainingSession session = new TrainingSession("fused", fused.network, Loss.softmaxCrossEntropyLoss(),
        fusedAdam, FEATURES, SEED, manager -> {});
        TrainingSession other = new TrainingSession("reference", reference.network, Loss.softmaxCrossEntropyLoss(),
            referenceAdam, FEATURES, SEED, manager -> {})) {
      for (int step = 0; step < 2; step++) {
        session.trainer.step();
        for (Parameter p : trainable(other.trainer)) {
          try (NDArray zeros = p.getArray().getGradient()) {
            referenceAdam.update(p.getId(), p.getArray(), zeros);
          }
        }
      }
      assertWeightsEqual(trainable(other.trainer), trainable(session.trainer));
    }
  }

  /** Six optimizer steps, the third and fourth on two accumulated batches, clipped at a norm they exceed. */
  private static void assertSameWeights(AdaptSpec adapt, double decay, double l2, double l1, float firstLayerScale)
      throws Exception {
    Classifier fused = new Classifier(MLP, adapt, CLASSES);
    Classifier reference = new Classifier(MLP, adapt, CLASSES);
    AdamW fusedAdam = new AdamW(schedule(), l2, l1, decay, firstLayerScaled(fused, firstLayerScale));
    AdamW referenceAdam = new AdamW(schedule(), l2, l1, decay, firstLayerScaled(reference, firstLayerScale));
    try (TrainingSession session = new TrainingSession("fused", fused.network, Loss.softmaxCrossEntropyLoss(),
        fusedAdam, FEATURES, SEED, manager -> fused.freeze());
        Model model = Model.newInstance("reference", Device.cpu())) {
      Trainer djl = referenceTrainer(model, reference, referenceAdam);
      assertWeightsEqual(trainable(djl), trainable(session.trainer));
      float[] firstBefore = trainable(session.trainer).get(0).getArray().toFloatArray();
      Random random = new Random(17);
      for (int step = 0; step < 6; step++) {
        int batches = step == 2 || step == 3 ? 2 : 1;
        for (int b = 0; b < batches; b++) {
          float[] x = new float[8 * FEATURES];
          for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian() * 3;
          }
          float[] y = new float[8];
          for (int i = 0; i < y.length; i++) {
            y[i] = random.nextInt(CLASSES);
          }
          backward(session.trainer, x, y, batches);
          backward(djl, x, y, batches);
        }
        double norm = GradientClipping.clipToNorm(trainable(session.trainer), 0.5);
        assertEquals(norm, GradientClipping.clipToNorm(trainable(djl), 0.5));
        assertTrue(norm > 0.5, "the clipping acts: norm " + norm);
        session.trainer.step();
        djl.step();
        assertWeightsEqual(trainable(djl), trainable(session.trainer));
        for (Parameter p : trainable(session.trainer)) {
          assertEquals(0f, p.getArray().getGradient().abs().sum().getFloat(), "gradient zeroed: " + p.getName());
        }
      }
      assertNotEquals(firstBefore[0], trainable(session.trainer).get(0).getArray().toFloatArray()[0], "it trained");
      djl.close();
    }
  }

  /** DJL's own trainer, as TrainingSession built it before: Trainer.step() updates each parameter through update(). */
  private static Trainer referenceTrainer(Model model, Classifier classifier, AdamW adam) {
    Engine.getInstance().setRandomSeed((int) SEED);
    model.setBlock(classifier.network);
    classifier.freeze();
    Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam)
        .optDevices(new Device[] {Device.cpu()}));
    trainer.initialize(new Shape(1, FEATURES));
    return trainer;
  }

  private static void backward(Trainer trainer, float[] x, float[] y, int groupSize) {
    try (NDManager manager = trainer.getManager().newSubManager()) {
      NDList data = new NDList(manager.create(x, new Shape(x.length / FEATURES, FEATURES)));
      NDList labels = new NDList(manager.create(y));
      GradientTape.record(trainer, collector -> {
        NDArray loss = trainer.getLoss().evaluate(labels, trainer.forward(data, labels));
        try (NDArray share = EngineScalar.of(manager, 1.0 / groupSize)) {
          collector.backward(loss.mul(share));
        }
        return null;
      });
    }
  }

  private static Tracker schedule() {
    return Tracker.warmUp().setMainTracker(Tracker.fixed(3e-2f)).optWarmUpSteps(3).optWarmUpBeginValue(0f)
        .optWarmUpMode(WarmUpTracker.Mode.LINEAR).build();
  }

  /** Parameter ids differ between two networks built alike: the scale is keyed by each one's first parameter. */
  private static Map<String, Float> firstLayerScaled(Classifier classifier, float scale) {
    return scale == 1f ? Map.of() : Map.of(classifier.network.getParameters().get(0).getValue().getId(), scale);
  }

  private static List<Parameter> trainable(Trainer trainer) {
    return trainer.getModel().getBlock().getParameters().values().stream().filter(Parameter::requiresGradient)
        .toList();
  }

  private static void assertWeightsEqual(List<Parameter> expected, List<Parameter> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i).getArray().toFloatArray(), actual.get(i).getArray().toFloatArray(),
          "weights of " + actual.get(i).getName());
    }
  }
}
