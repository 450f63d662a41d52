package ai.pretrain.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.pretrain.data.LabeledExamples;
import ai.pretrain.export.Safetensors;
import ai.pretrain.network.ClassifierNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A fine-tuned classifier or regression model loaded from its weights, for scoring held-out data. */
public final class TrainedClassifier implements AutoCloseable {

  private final Model model;
  private final ClassifierNetwork classifier;

  private TrainedClassifier(Model model, ClassifierNetwork classifier) {
    this.model = model;
    this.classifier = classifier;
  }

  /** {@code classifier}'s network with the weights in {@code weights} (as fine-tuning saved them). */
  public static TrainedClassifier load(ClassifierNetwork classifier, Path weights) throws IOException {
    Model model = Model.newInstance("classifier", Engine.getInstance().defaultDevice());
    model.setBlock(classifier.network());
    Weights.load(classifier.network(), model.getNDManager(), weights);
    return new TrainedClassifier(model, classifier);
  }

  /** The network with its weights. */
  public ClassifierNetwork network() {
    return classifier;
  }

  /** Class probabilities per example. */
  public float[][] probabilities(LabeledExamples examples) {
    return Inference.probabilities(classifier, model.getNDManager(), examples);
  }

  /** A regression model's prediction per example, in the standardized target units it was trained on. */
  public float[] predictions(LabeledExamples examples) {
    return Inference.predictions(classifier, model.getNDManager(), examples);
  }

  /** The validation scores, calling {@code alive} after each forward pass (a training stage's heartbeat). */
  ValidationScores score(LabeledExamples validation, Runnable alive) {
    return ValidationScores.of(classifier, model.getNDManager(), validation, alive);
  }

  /** The weights as named float32 tensors, adapters merged, for export. */
  public List<Safetensors.Tensor> tensors() {
    return classifier.tensors();
  }

  @Override
  public void close() {
    model.close();
  }
}
