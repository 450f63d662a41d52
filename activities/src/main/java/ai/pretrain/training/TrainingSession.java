package ai.pretrain.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;

/**
 * A seeded DJL model and trainer on the worker's device (a GPU where the engine sees one). Weights given by
 * {@code beforeInit} are loaded before initialization, so loaded parameters stay trainable unless frozen there.
 */
final class TrainingSession implements AutoCloseable {

  /** Loads or freezes parameters before the trainer initializes the rest. */
  interface BeforeInit {
    void apply(NDManager manager) throws IOException;
  }

  final Model model;
  final Trainer trainer;

  TrainingSession(String name, Block network, Loss loss, Optimizer optimizer, int features, long seed,
      BeforeInit beforeInit, TrainingListener... listeners) throws IOException {
    Engine engine = Engine.getInstance();
    engine.setRandomSeed((int) seed);
    Device device = engine.defaultDevice();
    this.model = Model.newInstance(name, device);
    try {
      model.setBlock(network);
      beforeInit.apply(model.getNDManager());
      DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
          .optOptimizer(optimizer)
          .optDevices(new Device[] {device})
          .addTrainingListeners(listeners);
      // what PtModel.newTrainer adds (initializers from the config, unfreezing a loaded model) does not apply here
      this.trainer = optimizer instanceof AdamW adamW ? new FusedStepTrainer(model, config, adamW)
          : model.newTrainer(config);
      trainer.initialize(new Shape(1, features));
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * A trainer whose {@link #step} is {@link AdamW#step}: one native call for all trainable parameters, on their
   * gradients as autograd left them. DJL's own goes through its parameter server, which copies every gradient for a
   * sum over devices that one device never needs.
   */
  private static final class FusedStepTrainer extends Trainer {

    private final AdamW optimizer;

    FusedStepTrainer(Model model, DefaultTrainingConfig config, AdamW optimizer) {
      super(model, config);
      this.optimizer = optimizer;
    }

    @Override
    public void step() {
      optimizer.step(getModel().getBlock().getParameters().values().stream()
          .filter(Parameter::requiresGradient)
          .toList());
    }
  }

  @Override
  public void close() {
    trainer.close();
    model.close();
  }
}
