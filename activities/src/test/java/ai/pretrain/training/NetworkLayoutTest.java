package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.data.PixelStatistics;
import ai.pretrain.export.Safetensors;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.spec.TransformerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The model card's network layout is a faithful description: interpreting its operations on the exported tensors alone
 * (as scripts/load-model.py does in PyTorch) gives the network's own inference outputs, for every head and encoder
 * the platform builds, and uses every exported tensor exactly once.
 */
class NetworkLayoutTest {

  private static final EncoderSpec MLP = new EncoderSpec("mlp", List.of(12, 10), 6, null, null, null, null);
  private static final EncoderSpec CNN = new EncoderSpec("residual-cnn", null, 8, List.of(4, 6), null, null, null);

  @Test
  void anMlpWithDropoutAndAHiddenHeadLayerIsRebuiltFromItsLayout() throws Exception {
    assertRebuilt(new Classifier(MLP, new AdaptSpec(5, 0.3, false), 3), 9);
  }

  @Test
  void aLinearProbeReadsItsStandardizationFromTheLayout() throws Exception {
    assertRebuilt(new Classifier(MLP, new AdaptSpec(0, 0.0, true), 4), 7);
  }

  @Test
  void loraAdaptersAreDescribedAsTheirMergedLinearLayers() throws Exception {
    assertRebuilt(new Classifier(MLP, new AdaptSpec(0, 0.0, false, null, new LoraSpec(2, 8.0, List.of("encoder.*"))),
        2), 9);
  }

  @Test
  void aResidualCnnOnColourImagesIsRebuiltFromItsLayout() throws Exception {
    assertRebuilt(new Classifier(CNN, new AdaptSpec(0, 0.1, false), 3, new ImageGeometry(8, 8, 3)), 192);
  }

  @Test
  void anMlpOnColourImagesStandardizesEachChannelAsItsLayoutSays() throws Exception {
    ImageGeometry images = new ImageGeometry(2, 3, 3,
        new PixelStatistics(List.of(0.25, 0.5, 0.75), List.of(0.5, 0.125, 2.0)));
    Classifier classifier = new Classifier(MLP, new AdaptSpec(0, 0.0, false), 3, images);
    assertEquals(Map.of("op", "standardizeChannels", "channels", 3, "mean", List.of(0.25, 0.5, 0.75),
        "std", List.of(0.5, 0.125, 2.0)), classifier.layout().get(0));
    assertRebuilt(classifier, 18);
  }

  @Test
  void aRegressionHeadHasOneOutput() throws Exception {
    assertRebuilt(new Classifier(MLP, new AdaptSpec(0, 0.0, false), 0), 5);
  }

  @Test
  void aTransformerHasNoLayoutOfTheseOperations() throws Exception {
    EncoderSpec transformer = new EncoderSpec("transformer", null, 8, null,
        new TransformerSpec(null, 16, 1, 2, 32, null, null, null), "masked-lm", null);
    Classifier classifier = new Classifier(transformer, new AdaptSpec(0, 0.0, false), 2);
    assertNull(classifier.layout());
  }

  private static void assertRebuilt(Classifier classifier, int features) throws Exception {
    try (TrainingSession session = new TrainingSession("layout", classifier.network, Loss.softmaxCrossEntropyLoss(),
        new AdamW(Tracker.fixed(0f), 0, 0, 0), features, 3, manager -> {});
        NDManager manager = NDManager.newBaseManager()) {
      Random random = new Random(11);
      for (Parameter parameter : classifier.network.getParameters().values()) {
        NDArray array = parameter.getArray();
        float[] values = new float[(int) array.size()];
        boolean variance = parameter.getName().equals("runningVar");
        for (int i = 0; i < values.length; i++) {
          values[i] = variance ? 0.5f + random.nextFloat() : (float) random.nextGaussian() * 0.5f;
        }
        array.set(values);
      }
      float[] inputs = new float[4 * features];
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = random.nextFloat();
      }
      NDArray x = manager.create(inputs, new Shape(4, features));
      float[] expected = classifier.network.forward(new ParameterStore(manager, false), new NDList(x), false)
          .head().toFloatArray();

      Map<String, NDArray> tensors = new HashMap<>();
      for (Safetensors.Tensor tensor : classifier.tensors()) {
        tensors.put(tensor.name(), manager.create(tensor.values(), new Shape(tensor.shape())));
      }
      List<String> used = new ArrayList<>();
      float[] rebuilt = run(classifier.layout(), x, tensors, used).toFloatArray();

      assertArrayEquals(expected, rebuilt, 1e-5f);
      assertEquals(tensors.keySet().stream().sorted().toList(), used.stream().sorted().toList(),
          "every exported tensor, once");
    }
  }

  /** The layout interpreted with plain array operations, as another framework would run it. */
  @SuppressWarnings("unchecked")
  private static NDArray run(List<Map<String, Object>> operations, NDArray x, Map<String, NDArray> tensors,
      List<String> used) {
    for (Map<String, Object> op : operations) {
      x = switch ((String) op.get("op")) {
        case "linear" -> x.matMul(take(tensors, op, "weight", used).transpose()).add(take(tensors, op, "bias", used));
        case "relu" -> Activation.relu(x);
        case "dropout" -> x;
        case "batchNorm" -> batchNorm(x, op, tensors, used);
        case "conv2d" -> Conv2d.conv2d(x, take(tensors, op, "weight", used), null, shape(op.get("stride")),
            shape(op.get("padding"))).head();
        case "residual" -> Activation.relu(run((List<Map<String, Object>>) op.get("main"), x, tensors, used)
            .add(run((List<Map<String, Object>>) op.get("shortcut"), x, tensors, used)));
        case "reshapeToImage" -> x.reshape(x.getShape().get(0), ((Number) op.get("channels")).longValue(),
            ((Number) op.get("height")).longValue(), ((Number) op.get("width")).longValue());
        case "gridAveragePool" -> gridPool(x, ((Number) op.get("grid")).longValue());
        case "standardizeChannels" -> standardizeChannels(x, op);
        default -> throw new AssertionError("unknown operation " + op);
      };
    }
    return x;
  }

  @SuppressWarnings("unchecked")
  private static NDArray standardizeChannels(NDArray x, Map<String, Object> op) {
    long channels = ((Number) op.get("channels")).longValue();
    float[] mean = new float[(int) channels];
    float[] std = new float[(int) channels];
    for (int c = 0; c < channels; c++) {
      mean[c] = ((List<Number>) op.get("mean")).get(c).floatValue();
      std[c] = ((List<Number>) op.get("std")).get(c).floatValue();
    }
    NDArray planes = x.reshape(x.getShape().get(0), channels, -1);
    return planes.sub(x.getManager().create(mean, new Shape(channels, 1)))
        .div(x.getManager().create(std, new Shape(channels, 1))).reshape(x.getShape());
  }

  private static NDArray batchNorm(NDArray x, Map<String, Object> op, Map<String, NDArray> tensors,
      List<String> used) {
    Shape broadcast = x.getShape().dimension() == 4 ? new Shape(1, -1, 1, 1) : new Shape(1, -1);
    NDArray mean = take(tensors, op, "runningMean", used).reshape(broadcast);
    NDArray variance = take(tensors, op, "runningVar", used).reshape(broadcast);
    NDArray scale = take(tensors, op, "weight", used).reshape(broadcast);
    NDArray shift = take(tensors, op, "bias", used).reshape(broadcast);
    double eps = ((Number) op.get("eps")).doubleValue();
    return x.sub(mean).div(variance.add(eps).sqrt()).mul(scale).add(shift);
  }

  private static NDArray gridPool(NDArray maps, long grid) {
    long height = (maps.getShape().get(2) + grid - 1) / grid;
    long width = (maps.getShape().get(3) + grid - 1) / grid;
    Shape cell = new Shape(height, width);
    NDArray pooled = Pool.avgPool2d(maps, cell, cell, new Shape(0, 0), true, false);
    return pooled.reshape(pooled.getShape().get(0), -1);
  }

  private static NDArray take(Map<String, NDArray> tensors, Map<String, Object> op, String field, List<String> used) {
    String name = (String) op.get(field);
    used.add(name);
    NDArray tensor = tensors.get(name);
    if (tensor == null) {
      throw new AssertionError(op + " names " + name + ", which is not exported");
    }
    return tensor;
  }

  @SuppressWarnings("unchecked")
  private static Shape shape(Object dims) {
    return new Shape(((List<Number>) dims).stream().mapToLong(Number::longValue).toArray());
  }
}
