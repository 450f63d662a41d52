// Measures two changes to the platform's optimizer step on the benchmark's MLP before they are made: skipping DJL's
// Trainer.step (whose LocalParameterServer clones every gradient before the update) for a direct update of each
// trainable parameter, and turning the fused Adam's decoupled-decay branch off when the decay is zero (it still
// computes weight * rate * 0 and subtracts it). Four models train side by side, one step each in turn, so the
// machine's other load falls on all alike; only the optimizer step is timed, by the training thread's CPU time.
// Prints a markdown table; profile.sh appends it to profile.md.
package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.numerics.GradientTape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** CPU ms of the MLP's optimizer step as the platform takes it and with each proposed change. */
public final class OptimizerStepVariants {

  private OptimizerStepVariants() {}

  /** AdamW.update at zero decay, with the fused op's adamw flag off: the change proposed for AdamW. */
  static final class AdamWithoutDecayBranch extends Optimizer {

    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    AdamWithoutDecayBranch() {
      super(new Builder());
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
      int t = steps.merge(parameterId, 1, Integer::sum);
      float rate = MlpTrainingThroughput.LEARNING_RATE;
      float biasCorrectedRate = (float) (rate * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t)));
      NDArray m = means.computeIfAbsent(parameterId, id -> weight.zerosLike());
      NDArray v = variances.computeIfAbsent(parameterId, id -> weight.zerosLike());
      weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight), rate,
          biasCorrectedRate, 0f, rescaleGrad, clipGrad, 0.9f, 0.999f, 1e-8f, false, false);
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
      @Override
      protected Builder self() {
        return this;
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int steps = Integer.parseInt(args[0]);
    int warmup = 5;
    String[] names = {"Trainer.step + AdamW (as the platform does)", "Trainer.step + AdamW, decay branch off",
        "direct update + AdamW", "direct update + AdamW, decay branch off"};
    ExampleShard data = MlpTrainingThroughput.syntheticExamples();
    Optimizer[] optimizers = new Optimizer[names.length];
    TrainingSession[] sessions = new TrainingSession[names.length];
    for (int i = 0; i < names.length; i++) {
      optimizers[i] = i % 2 == 0 ? new AdamW(Tracker.fixed(MlpTrainingThroughput.LEARNING_RATE), 0, 0, 0)
          : new AdamWithoutDecayBranch();
      sessions[i] = new TrainingSession("variant" + i, MlpTrainingThroughput.newClassifier().network,
          Loss.softmaxCrossEntropyLoss(), optimizers[i], MlpTrainingThroughput.FEATURES, MlpTrainingThroughput.SEED,
          manager -> {});
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] cpuNanos = new double[names.length];
    int batch = MlpTrainingThroughput.BATCH;
    for (int s = 0; s < warmup + steps; s++) {
      int from = (s * batch) % data.size();
      int[] indices = java.util.stream.IntStream.range(from, from + batch).toArray();
      for (int i = 0; i < names.length; i++) {
        Trainer trainer = sessions[i].trainer;
        try (NDManager manager = trainer.getManager().newSubManager()) {
          NDList[] xy = MlpTrainingThroughput.labeledBatch(data, manager, indices);
          GradientTape.record(trainer, collector -> {
            NDArray loss = trainer.getLoss().evaluate(xy[1], trainer.forward(xy[0], xy[1]));
            collector.backward(loss);
            return loss.getFloat();
          });
          long started = threads.getCurrentThreadCpuTime();
          if (i < 2) {
            trainer.step();
          } else {
            // the fused update zeroes the gradient too (PtNDArrayEx.adamUpdate), as Trainer.step's does
            for (Parameter p : trainer.getModel().getBlock().getParameters().values()) {
              try (NDArray gradient = p.getArray().getGradient()) {
                optimizers[i].update(p.getId(), p.getArray(), gradient);
              }
            }
          }
          if (s >= warmup) {
            cpuNanos[i] += threads.getCurrentThreadCpuTime() - started;
          }
        }
      }
    }
    Arrays.stream(sessions).forEach(TrainingSession::close);
    System.out.printf("%n## The MLP's optimizer step, as taken and with the proposed changes (%s thread%s)%n%n",
        System.getProperty("ai.djl.pytorch.num_threads"), "1".equals(System.getProperty("ai.djl.pytorch.num_threads"))
            ? "" : "s");
    System.out.printf("Training thread's CPU ms per step, over %d steps of four models trained in turn.%n%n", steps);
    System.out.println("| optimizer step | CPU ms | vs. as taken |");
    System.out.println("| --- | ---: | ---: |");
    for (int i = 0; i < names.length; i++) {
      System.out.printf(java.util.Locale.ROOT, "| %s | %.2f | %+.0f %% |%n", names[i], cpuNanos[i] / steps / 1e6,
          100 * (cpuNanos[i] / cpuNanos[0] - 1));
    }
  }
}
