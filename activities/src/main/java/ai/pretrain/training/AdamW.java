package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam (Kingma and Ba, 2015) with an L2 and an L1 penalty added to the gradient and decoupled weight decay applied to
 * the weights (AdamW, Loshchilov and Hutter, 2019). Unlike DJL's own Adam, its moments and step counts can be saved
 * with a checkpoint and restored, so a resumed run takes exactly the steps an uninterrupted one would.
 */
final class AdamW extends Optimizer {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final Tracker learningRate;
  private final float l2;
  private final float l1;
  private final float decoupledWeightDecay;
  private final Map<String, Float> learningRateScales;
  private final Map<String, NDArray> means = new ConcurrentHashMap<>();
  private final Map<String, NDArray> variances = new ConcurrentHashMap<>();
  private final Map<String, Integer> steps = new ConcurrentHashMap<>();
  private final Set<String> withGradient = ConcurrentHashMap.newKeySet();
  private final double[] constants;

  AdamW(Tracker learningRate, double l2, double l1, double decoupledWeightDecay) {
    this(learningRate, l2, l1, decoupledWeightDecay, Map.of());
  }

  /** With per-parameter multipliers of the learning rate, by parameter id (1 for a parameter not named). */
  AdamW(Tracker learningRate, double l2, double l1, double decoupledWeightDecay, Map<String, Float> learningRateScales) {
    super(new Builder());
    this.learningRate = learningRate;
    this.l2 = (float) l2;
    this.l1 = (float) l1;
    this.decoupledWeightDecay = (float) decoupledWeightDecay;
    this.learningRateScales = Map.copyOf(learningRateScales);
    // rounded in float32, as the native update's arithmetic on its float arguments rounds them
    this.constants = new double[] {this.l2, this.l1, this.decoupledWeightDecay, BETA1, 1 - BETA1, BETA2, 1 - BETA2,
        EPSILON};
  }

  /**
   * One update of every parameter in {@code trainable} from the gradient autograd accumulated on it, in one native
   * call ({@link FusedAdamStep}), which also zeroes those gradients: the same weights, bit for bit, as DJL's
   * {@code Trainer.step()} gives through {@link #update} for each, without its copies of every gradient.
   */
  void step(List<Parameter> trainable) {
    int n = trainable.size();
    PtNDArray[] weights = new PtNDArray[n];
    PtNDArray[] m = new PtNDArray[n];
    PtNDArray[] v = new PtNDArray[n];
    boolean[] hasGradient = new boolean[n];
    double[] rates = new double[n];
    double[] correctedRates = new double[n];
    for (int i = 0; i < n; i++) {
      String id = trainable.get(i).getId();
      PtNDArray weight = (PtNDArray) trainable.get(i).getArray();
      int t = steps.merge(id, 1, Integer::sum);
      float rate = rate(id, t);
      weights[i] = weight;
      m[i] = (PtNDArray) means.computeIfAbsent(id, key -> weight.zerosLike());
      v[i] = (PtNDArray) variances.computeIfAbsent(id, key -> weight.zerosLike());
      hasGradient[i] = withGradient.contains(id) || gradientDefined(id, weight);
      rates[i] = rate;
      correctedRates[i] = biasCorrected(rate, t);
    }
    FusedAdamStep.run(weights, m, v, hasGradient, rates, correctedRates, constants);
  }

  /** Once a backward has reached a weight its gradient stays defined: zeroed in place, never reset. */
  private boolean gradientDefined(String id, PtNDArray weight) {
    PtNDArray gradient = JniUtils.getGradient(weight);
    if (gradient == null) {
      return false;
    }
    gradient.close();
    withGradient.add(id);
    return true;
  }

  private float rate(String parameterId, int t) {
    return learningRate.getNewValue(parameterId, t - 1) * learningRateScales.getOrDefault(parameterId, 1f);
  }

  private static float biasCorrected(float rate, int t) {
    return (float) (rate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
  }

  /** DJL's per-parameter contract, through its native fused update: what {@code Trainer.step()} calls. */
  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int t = steps.merge(parameterId, 1, Integer::sum);
    float rate = rate(parameterId, t);
    float biasCorrectedRate = biasCorrected(rate, t);
    NDArray m = means.computeIfAbsent(parameterId, id -> weight.zerosLike());
    NDArray v = variances.computeIfAbsent(parameterId, id -> weight.zerosLike());
    if (l2 > 0 || l1 > 0) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray w = weight.stopGradient();
        if (l2 > 0) {
          grad.addi(w.mul(l2));
        }
        if (l1 > 0) {
          grad.addi(w.sign().mul(l1));
        }
      }
    }
    // the engine's fused update runs outside autograd and writes weight, m and v in place; without decoupled decay
    // its AdamW arithmetic would only multiply the weights by 1 (bench/throughput/profile.md)
    weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight), rate,
        biasCorrectedRate, decoupledWeightDecay, rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, false,
        decoupledWeightDecay > 0);
  }

  /** Writes the moments and step counts, keyed by parameter name (ids differ between processes). */
  void save(DataOutputStream out, Map<String, String> nameById) throws IOException {
    out.writeInt(steps.size());
    for (Map.Entry<String, Integer> entry : steps.entrySet()) {
      out.writeUTF(nameById.get(entry.getKey()));
      out.writeInt(entry.getValue());
      writeArray(out, means.get(entry.getKey()));
      writeArray(out, variances.get(entry.getKey()));
    }
  }

  /** Restores what {@link #save} wrote, for the parameters of a freshly built network. */
  void load(DataInputStream in, Map<String, String> idByName, NDManager manager) throws IOException {
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      String id = idByName.get(name);
      if (id == null) {
        throw new IOException("the checkpoint's optimizer state names parameter " + name + ", which this network lacks");
      }
      steps.put(id, in.readInt());
      means.put(id, readArray(in, manager));
      variances.put(id, readArray(in, manager));
    }
  }

  private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
    byte[] bytes = array.encode();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static NDArray readArray(DataInputStream in, NDManager manager) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return manager.decode(bytes);
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
