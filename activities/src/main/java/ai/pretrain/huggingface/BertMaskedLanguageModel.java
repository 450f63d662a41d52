package ai.pretrain.huggingface;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.pretrain.export.Safetensors;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code transformers.BertForMaskedLM} (or {@code RobertaForMaskedLM}, {@code DistilBertForMaskedLM}): a checkpoint's
 * encoder and its masked-LM head, whose output weights are the word embeddings (tied): token ids (B, S) to vocabulary
 * logits (B, S, V). Continued pretraining trains it on the task's own text; its weights save under transformers'
 * names, so the result is again a checkpoint.
 */
public final class BertMaskedLanguageModel extends AbstractBlock {

  private final BertConfig config;
  private final BertEncoder bert;
  private final BertMaskedLanguageModelHead head;

  /** {@code withPooler}: carry the checkpoint's pooler through unchanged, for the classifier that follows. */
  public BertMaskedLanguageModel(BertConfig config, boolean withPooler) {
    this.config = config;
    this.bert = addChildBlock("bert", new BertEncoder(config, withPooler));
    this.head = addChildBlock("cls", new BertMaskedLanguageModelHead(config));
  }

  public BertEncoder bert() {
    return bert;
  }

  /**
   * Loads a checkpoint into the initialized network: every encoder tensor, and the masked-LM head where the
   * checkpoint has it (false: the head starts as transformers initializes a new one).
   */
  public boolean load(CheckpointWeights checkpoint) {
    checkpoint.load(bert.layers());
    return head.load(checkpoint);
  }

  /** The pooler, which masked-LM training does not reach, so the optimizer leaves it as imported. */
  public void freezePooler() {
    if (bert.hasPooler()) {
      bert.layers().get("pooler.dense").getParameters().values().forEach(p -> p.freeze(true));
    }
  }

  /**
   * Every weight under the tensor names of the family's masked-LM model ({@code bert.…}, {@code cls.predictions.…};
   * {@code roberta.…}, {@code lm_head.…}; {@code distilbert.…}, {@code vocab_…}).
   */
  public List<Safetensors.Tensor> tensors() {
    List<Safetensors.Tensor> tensors = new ArrayList<>();
    String prefix = config.family().taskPrefix();
    CheckpointWeights.parameters(bert.layers()).forEach((name, p) -> tensors.add(tensor(prefix + name, p)));
    CheckpointWeights.parameters(head.layers()).forEach((name, p) -> tensors.add(tensor(name, p)));
    tensors.add(tensor(head.biasName(), head.bias()));
    return tensors;
  }

  private static Safetensors.Tensor tensor(String name, Parameter parameter) {
    NDArray array = parameter.getArray();
    return new Safetensors.Tensor(name, array.getShape().getShape(), array.toFloatArray());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray hidden = bert.forward(store, inputs, training).get(0);
    Parameter words = bert.layers().get("embeddings.word_embeddings").getParameters().get("weight");
    NDArray table = store.getValue(words, hidden.getDevice(), training);
    return head.forward(store, new NDList(hidden, table), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    return new Shape[] {new Shape(ids.get(0), ids.get(1), config.vocabularySize())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    bert.initialize(manager, dataType, inputShapes);
    Shape hidden = inputShapes[0].add(config.hiddenSize());
    head.initialize(manager, dataType, hidden, new Shape(config.vocabularySize(), config.embeddingSize()));
  }
}
