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
    if (block instanceof LowRankAdapter) {
      // exported with the adapter merged into the weight: a plain linear layer
      return List.of(linear(tensors + "weight", tensors + "bias"));
    }
    if (block instanceof Linear) {
      return List.of(linear(tensors + "weight", tensors + "bias"));
    }
    if (block instanceof Conv2d conv) {
      return List.of(convolution(conv, tensors));
    }
    if (block instanceof BatchNorm) {
      return List.of(batchNorm(tensors));
    }
    if (block instanceof Dropout) {
      return List.of(op("dropout", Map.of("p", dropout, "atInference", "identity")));
    }
    if (block instanceof LambdaBlock lambda) {
      return List.of(lambda(lambda.getName()));
    }
    if (block instanceof ResidualBlock) {
      List<Map<String, Object>> branches = children(block, tensors);
      Map<String, Object> residual = new LinkedHashMap<>();
      residual.put("op", "residual");
      residual.put("main", branches.get(0).get("operations"));
      residual.put("shortcut", branches.get(1).get("operations"));
      residual.put("then", "relu");
      return List.of(residual);
    }
    if (block instanceof SequentialBlock || block instanceof StandardizedLinear) {
      List<Map<String, Object>> flat = new ArrayList<>();
      for (Map<String, Object> child : children(block, tensors)) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> inner = (List<Map<String, Object>>) child.get("operations");
        flat.addAll(inner);
      }
      return flat;
    }
    throw new UnsupportedOperationException(block.getClass().getSimpleName());
  }

  /** Each child's operations, as {@code {"operations": [...]}}; a child's tensors are named {@code <key>_<name>}. */
  private List<Map<String, Object>> children(Block block, String tensors) {
    List<Map<String, Object>> children = new ArrayList<>();
    for (var child : block.getChildren()) {
      String prefix = tensors == null ? null : tensors + child.getKey() + "_";
      children.add(Map.of("operations", operations(child.getValue(), prefix)));
    }
    return children;
  }

  private Map<String, Object> lambda(String name) {
    return switch (name) {
      case "ReLU" -> op("relu", Map.of());
      case "image" -> op("reshapeToImage", Map.of("channels", input.channels(), "height", input.height(),
          "width", input.width()));
      case "gridPooling" -> op("gridAveragePool", Map.of("grid", ResidualCnnEncoder.GRID, "ceilMode", true,
          "countIncludePad", false, "then", "flatten"));
      default -> throw new UnsupportedOperationException(name);
    };
  }

  private static Map<String, Object> linear(String weight, String bias) {
    return op("linear", Map.of("weight", weight, "bias", bias));
  }

  private static Map<String, Object> convolution(Conv2d conv, String tensors) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("weight", tensors + "weight");
    fields.put("bias", conv.getDirectParameters().contains("bias") ? tensors + "bias" : null);
    fields.put("stride", dims(conv.getStride()));
    fields.put("padding", dims(conv.getPadding()));
    return op("conv2d", fields);
  }

  private static Map<String, Object> batchNorm(String tensors) {
    return op("batchNorm", Map.of("weight", tensors + "gamma", "bias", tensors + "beta",
        "runningMean", tensors + "runningMean", "runningVar", tensors + "runningVar", "eps", BATCH_NORM_EPSILON));
  }

  private static List<Long> dims(Shape shape) {
    List<Long> dims = new ArrayList<>();
    for (long d : shape.getShape()) {
      dims.add(d);
    }
    return dims;
  }

  private static Map<String, Object> op(String name, Map<String, Object> fields) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("op", name);
    op.putAll(fields);
    return op;
  }
}
