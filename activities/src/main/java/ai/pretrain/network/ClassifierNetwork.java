package ai.pretrain.network;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.pretrain.export.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An encoder with a head for the labeled task, as the adapt, fine-tune and evaluate stages use it whatever built it:
 * the spec's architecture ({@link Classifier}) or an imported checkpoint's.
 */
public interface ClassifierNetwork {

  /** Rows scored per forward pass when nothing else bounds them. */
  int INFERENCE_BATCH = 512;

  /** The network: inputs (B, features) to logits (B, classes), or one output for a regression. */
  Block network();

  /**
   * Puts the pretrained encoder's weights into the fresh network (before the trainer initializes it, so they are
   * what it trains).
   */
  void loadEncoder(NDManager manager, Path weights) throws IOException;

  /** Freezes what the adapt spec keeps fixed, and the base weights of every adapted layer. */
  void freeze();

  /** Learning-rate multipliers by parameter id: the head at 1, each layer below {@code decay} times the one above. */
  Map<String, Float> learningRateScales(double decay);

  /** The weights as named float32 tensors, adapters merged, for export. */
  List<Safetensors.Tensor> tensors();

  /**
   * The forward pass at inference as operations on the exported tensors, for the model card; null where the network
   * has another standard description (a BERT's is its Hugging Face export).
   */
  default List<Map<String, Object>> layout() {
    return null;
  }

  /** Rows scored per forward pass, bounding the memory of one pass. */
  default int inferenceBatch() {
    return INFERENCE_BATCH;
  }
}
