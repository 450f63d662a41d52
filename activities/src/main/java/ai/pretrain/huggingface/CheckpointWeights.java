package ai.pretrain.huggingface;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.pretrain.network.LowRankAdapter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checkpoint's {@code model.safetensors} (read by DJL's own safetensors decoder) mapped onto blocks by the tensors'
 * standard names. A task model's prefix ({@code bert.}, {@code roberta.}, {@code distilbert.}) is dropped, so base
 * models and task models load alike.
 */
public final class CheckpointWeights {

  /** Tensors a checkpoint may carry that hold no learned weight of the encoder. */
  private static final List<String> BUFFERS = List.of("embeddings.position_ids", "embeddings.token_type_ids");

  private final Map<String, NDArray> tensors;

  private CheckpointWeights(Map<String, NDArray> tensors) {
    this.tensors = tensors;
  }

  /**
   * Decodes every tensor of {@code model.safetensors} onto {@code manager}, as float32: float16 and bfloat16 weights
   * are widened, as {@code from_pretrained(..., dtype=torch.float32)} widens them. A file that is not safetensors
   * (a renamed {@code pytorch_model.bin}, a truncated upload) is an {@link IllegalArgumentException}, which no retry
   * mends.
   */
  public static CheckpointWeights read(NDManager manager, Path safetensors) throws IOException {
    NDList decoded;
    Path float32 = Bfloat16Widening.widened(safetensors);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(float32), 1 << 20)) {
      decoded = NDList.decode(manager, in);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(safetensors.getFileName() + " is not a safetensors file: " + e.getMessage(),
          e);
    } finally {
      if (!float32.equals(safetensors)) {
        Files.deleteIfExists(float32);
      }
    }
    Map<String, NDArray> tensors = new TreeMap<>();
    for (NDArray tensor : decoded) {
      String name = standardName(tensor.getName());
      if (!BUFFERS.contains(name)) {
        tensors.put(name, tensor.getDataType() == DataType.FLOAT32 ? tensor : tensor.toType(DataType.FLOAT32, false));
      }
    }
    return new CheckpointWeights(tensors);
  }

  /**
   * A tensor's name as this import knows it: without a task model's prefix ({@code bert.}, …), and with the LayerNorm's
   * {@code gamma}/{@code beta} of the original TensorFlow conversion (google-bert/bert-base-uncased still ships them)
   * as {@code weight}/{@code bias}, the renaming {@code transformers} itself applies on load.
   */
  static String standardName(String stored) {
    String name = EncoderFamily.TASK_PREFIXES.stream().filter(stored::startsWith).findFirst()
        .map(prefix -> stored.substring(prefix.length())).orElse(stored);
    if (name.endsWith("LayerNorm.gamma")) {
      return name.substring(0, name.length() - "gamma".length()) + "weight";
    }
    return name.endsWith("LayerNorm.beta") ? name.substring(0, name.length() - "beta".length()) + "bias" : name;
  }

  /** The tensor names in their standard form ({@link #standardName}). */
  public List<String> names() {
    return List.copyOf(tensors.keySet());
  }

  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  public NDArray tensor(String name) {
    NDArray tensor = tensors.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException("model.safetensors has no tensor " + name);
    }
    return tensor;
  }

  /** The tensors (standard names) that {@code layers} do not read: a task model's head, a pretraining head. */
  public List<String> unusedBy(Map<String, Block> layers) {
    Map<String, Parameter> read = parameters(layers);
    return tensors.keySet().stream().filter(name -> !read.containsKey(name)).toList();
  }

  /**
   * Copies the tensors into the initialized parameters of {@code layers}; a missing tensor or one of another shape is
   * an error naming it.
   */
  public void load(Map<String, Block> layers) {
    Map<String, Parameter> parameters = parameters(layers);
    List<String> missing = parameters.keySet().stream().filter(name -> !tensors.containsKey(name)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("model.safetensors lacks " + missing.size() + " tensors that config.json's "
          + "architecture needs, e.g. " + missing.subList(0, Math.min(5, missing.size())) + "; it has e.g. "
          + names().subList(0, Math.min(5, tensors.size())));
    }
    for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
      NDArray from = tensors.get(entry.getKey());
      NDArray into = entry.getValue().getArray();
      if (!from.getShape().equals(into.getShape())) {
        throw new IllegalArgumentException("model.safetensors: " + entry.getKey() + " has shape " + from.getShape()
            + " but config.json's architecture needs " + into.getShape());
      }
      into.set(from.toByteBuffer());
    }
  }

  /**
   * The weights of {@code layers} by standard tensor name, {@code <layer>.weight} and {@code <layer>.bias} (a
   * LayerNorm's scale and shift, an adapted layer's frozen base weights).
   */
  public static Map<String, Parameter> parameters(Map<String, Block> layers) {
    Map<String, Parameter> named = new LinkedHashMap<>();
    for (Map.Entry<String, Block> layer : layers.entrySet()) {
      Block block = layer.getValue() instanceof LowRankAdapter adapter ? adapter.base() : layer.getValue();
      for (var parameter : block.getParameters()) {
        named.put(layer.getKey() + "." + standardName(block, parameter.getKey()), parameter.getValue());
      }
    }
    return named;
  }

  private static String standardName(Block block, String djlName) {
    if (block instanceof LayerNorm) {
      return switch (djlName) {
        case "gamma" -> "weight";
        case "beta" -> "bias";
        default -> throw new IllegalStateException("LayerNorm parameter " + djlName);
      };
    }
    return djlName;
  }
}
