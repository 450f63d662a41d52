// Measures the MLP's optimizer step three ways on the same training: DJL's Trainer.step (its LocalParameterServer
// copies every gradient, then AdamW.update runs the engine's native adamUpdate per parameter, which copies it again
// and zeroes it), AdamW.update called per parameter directly (one copy fewer), and the training session's fused step
// (AdamW.step: one TorchScript call for all parameters, no copies; what TrainingLoop takes now). Three models train
// side by side, one step each in turn, so the machine's other load falls on all alike; only the optimizer step is
// timed, by the training thread's CPU time. The three must end with bit-identical weights, and the program checks
// that. Prints a markdown table; profile.sh appends it to profile.md.
package ai.pretrain.training;

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
import ai.pretrain.data.ExampleShard;
import ai.pretrain.numerics.GradientTape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/** CPU ms of the MLP's optimizer step through DJL's Trainer.step, through AdamW.update directly, and fused. */
public final class OptimizerStepVariants {

  private OptimizerStepVariants() {}

  public static void main(String[] args) throws Exception {
    int steps = Integer.parseInt(args[0]);
    int warmup = 5;
    String[] names = {"DJL's Trainer.step, AdamW.update per parameter (before)",
        "AdamW.update per parameter, called directly", "fused: AdamW.step, one call for all parameters (now)"};
    ExampleShard data = MlpTrainingThroughput.syntheticExamples();
    AdamW[] optimizers = new AdamW[names.length];
    Trainer[] trainers = new Trainer[names.length];
    Model djlModel = Model.newInstance("djl", Device.cpu());
    Model directModel = Model.newInstance("direct", Device.cpu());
    for (int i = 0; i < names.length; i++) {
      optimizers[i] = new AdamW(Tracker.fixed(MlpTrainingThroughput.LEARNING_RATE), 0, 0, 0);
    }
    trainers[0] = djlTrainer(djlModel, optimizers[0]);
    trainers[1] = djlTrainer(directModel, optimizers[1]);
    TrainingSession session = new TrainingSession("fused", MlpTrainingThroughput.newClassifier().network,
        Loss.softmaxCrossEntropyLoss(), optimizers[2], MlpTrainingThroughput.FEATURES, MlpTrainingThroughput.SEED,
        manager -> {});
    trainers[2] = session.trainer;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] cpuNanos = new double[names.length];
    int batch = MlpTrainingThroughput.BATCH;
    for (int s = 0; s < warmup + steps; s++) {
      int from = (s * batch) % data.size();
      int[] indices = java.util.stream.IntStream.range(from, from + batch).toArray();
      for (int i = 0; i < names.length; i++) {
        Trainer trainer = trainers[i];
        try (NDManager manager = trainer.getManager().newSubManager()) {
          NDList[] xy = MlpTrainingThroughput.labeledBatch(data, manager, indices);
          GradientTape.record(trainer, collector -> {
            NDArray loss = trainer.getLoss().evaluate(xy[1], trainer.forward(xy[0], xy[1]));
            collector.backward(loss);
            return loss.getFloat();
          });
          long started = threads.getCurrentThreadCpuTime();
          if (i == 1) {
            // the native update zeroes the gradient too (PtNDArrayEx.adamUpdate), as Trainer.step's does
            for (Parameter p : trainable(trainer)) {
              try (NDArray gradient = p.getArray().getGradient()) {
                optimizers[i].update(p.getId(), p.getArray(), gradient);
              }
            }
          } else {
            trainer.step();
          }
          if (s >= warmup) {
            cpuNanos[i] += threads.getCurrentThreadCpuTime() - started;
          }
        }
      }
    }
    for (int i = 1; i < names.length; i++) {
      List<Parameter> expected = trainable(trainers[0]);
      List<Parameter> actual = trainable(trainers[i]);
      for (int p = 0; p < expected.size(); p++) {
        if (!Arrays.equals(expected.get(p).getArray().toFloatArray(), actual.get(p).getArray().toFloatArray())) {
          throw new IllegalStateException(names[i] + " trained other weights than " + names[0]);
        }
      }
    }
    trainers[0].close();
    trainers[1].close();
    session.close();
    djlModel.close();
    directModel.close();
    System.out.printf("%n## The MLP's optimizer step, before and now (%s thread%s)%n%n",
        System.getProperty("ai.djl.pytorch.num_threads"), "1".equals(System.getProperty("ai.djl.pytorch.num_threads"))
            ? "" : "s");
    System.out.printf("Training thread's CPU ms per step, over %d steps of three models trained in turn, which end "
        + "with bit-identical weights (checked).%n%n", steps);
    System.out.println("| optimizer step, zeroing the gradients included | CPU ms | vs. before |");
    System.out.println("| --- | ---: | ---: |");
    for (int i = 0; i < names.length; i++) {
      System.out.printf(java.util.Locale.ROOT, "| %s | %.2f | %+.0f %% |%n", names[i], cpuNanos[i] / steps / 1e6,
          100 * (cpuNanos[i] / cpuNanos[0] - 1));
    }
  }

  /** The benchmark's classifier in a plain DJL trainer, seeded and initialized as TrainingSession does. */
  private static Trainer djlTrainer(Model model, AdamW optimizer) {
    Engine.getInstance().setRandomSeed((int) MlpTrainingThroughput.SEED);
    model.setBlock(MlpTrainingThroughput.newClassifier().network);
    Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(optimizer).optDevices(new Device[] {Device.cpu()}));
    trainer.initialize(new Shape(1, MlpTrainingThroughput.FEATURES));
    return trainer;
  }

  private static List<Parameter> trainable(Trainer trainer) {
    return trainer.getModel().getBlock().getParameters().values().stream().filter(Parameter::requiresGradient)
        .toList();
  }
}
