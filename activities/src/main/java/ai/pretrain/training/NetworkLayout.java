package ai.pretrain.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.network.LowRankAdapter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier's forward pass at inference as an ordered list of operations on named tensors of its safetensors
 * export, which the model card carries so that any framework can rebuild the network
 * ({@code docs/model-card.schema.json} defines the operations; {@code scripts/load-model.py} rebuilds them in PyTorch).
 * It is read off the built network itself, so it cannot drift from what trained.
 */
final class NetworkLayout {

  /** Default epsilon of DJL's batch normalization, which the networks here never change. */
  static final double BATCH_NORM_EPSILON = 1e-5;

  private final Map<Block, String> layerNames = new IdentityHashMap<>();
  private final double dropout;
  private final ImageGeometry input;

  private NetworkLayout(Map<String, Block> layers, double dropout, ImageGeometry input) {
    layers.forEach((name, block) -> layerNames.put(block, name));
    this.dropout = dropout;
    this.input = input;
  }

  /**
   * The operations of {@code network} whose weighted layers are {@code layers} (export names to blocks), or null
   * where it holds a block this layout cannot describe (a transformer, a plugin's own block).
   */
  static List<Map<String, Object>> of(Block network, Map<String, Block> layers, double dropout, ImageGeometry input) {
    try {
      return new NetworkLayout(layers, dropout, input).operations(network, null);
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  /** {@code prefix}: how the tensors of {@code block}'s parameters are named, or null outside any weighted layer. */
  private List<Map<String, Object>> operations(Block block, String prefix) {
    String layer = layerNames.get(block);
    String tensors = layer != null ? layer + "." : prefix;
    if (block instanceof Linear || block instanceof LowRankAdapter) {
      // an adapter is exported merged into its weight: a plain linear layer
      return List.of(linear(tensors + "weight", tensors + "bias"));
    }
    if (block instanceof Conv2d conv) {
      return List.of(convolution(conv, tensors));
    }
    if (block instanceof BatchNorm) {
      return List.of(batchNorm(tensors));
    }
    if (block instanceof Dropout) {
      return List.of(op("dropout", "p", dropout, "atInference", "identity"));
    }
    if (block instanceof LambdaBlock lambda) {
      return List.of(lambda(lambda.getName()));
    }
    if (block instanceof ResidualBlock) {
      List<List<Map<String, Object>>> branches = children(block, tensors);
      return List.of(op("residual", "main", branches.get(0), "shortcut", branches.get(1), "then", "relu"));
    }
    if (block instanceof SequentialBlock || block instanceof StandardizedLinear) {
      return children(block, tensors).stream().flatMap(List::stream).toList();
    }
    throw new UnsupportedOperationException(block.getClass().getSimpleName());
  }

  /** Each child's operations, in order; a child's tensors are named {@code <key>_<name>}. */
  private List<List<Map<String, Object>>> children(Block block, String tensors) {
    List<List<Map<String, Object>>> children = new ArrayList<>();
    for (var child : block.getChildren()) {
      children.add(operations(child.getValue(), tensors == null ? null : tensors + child.getKey() + "_"));
    }
    return children;
  }

  private Map<String, Object> lambda(String name) {
    return switch (name) {
      case "ReLU" -> op("relu");
      case Encoder.STANDARDIZED_PIXELS -> op("standardizeChannels", "channels", input.channels(),
          "mean", input.pixels().mean(), "std", input.pixels().standardDeviation());
      case "image" -> op("reshapeToImage", "channels", input.channels(), "height", input.height(),
          "width", input.width());
      case "gridPooling" -> op("gridAveragePool", "grid", ResidualCnnEncoder.GRID, "ceilMode", true,
          "countIncludePad", false, "then", "flatten");
      default -> throw new UnsupportedOperationException(name);
    };
  }

  private static Map<String, Object> linear(String weight, String bias) {
    return op("linear", "weight", weight, "bias", bias);
  }

  private static Map<String, Object> convolution(Conv2d conv, String tensors) {
    return op("conv2d", "weight", tensors + "weight",
        "bias", conv.getDirectParameters().contains("bias") ? tensors + "bias" : null,
        "stride", dims(conv.getStride()), "padding", dims(conv.getPadding()));
  }

  private static Map<String, Object> batchNorm(String tensors) {
    return op("batchNorm", "weight", tensors + "gamma", "bias", tensors + "beta",
        "runningMean", tensors + "runningMean", "runningVar", tensors + "runningVar", "eps", BATCH_NORM_EPSILON);
  }

  private static List<Long> dims(Shape shape) {
    List<Long> dims = new ArrayList<>();
    for (long d : shape.getShape()) {
      dims.add(d);
    }
    return dims;
  }

  /** The operation {@code name} with its fields as key, value pairs, in that order (the card's bytes are stable). */
  private static Map<String, Object> op(String name, Object... fields) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("op", name);
    for (int i = 0; i < fields.length; i += 2) {
      op.put((String) fields[i], fields[i + 1]);
    }
    return op;
  }
}
