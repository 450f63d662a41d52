package ai.pretrain.huggingface;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.pretrain.export.Safetensors;
import ai.pretrain.network.LowRankAdapter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a fine-tuned {@link BertSequenceClassifier} as a Hugging Face {@code BertForSequenceClassification}
 * ({@code RobertaForSequenceClassification}, {@code XLMRobertaForSequenceClassification},
 * {@code DistilBertForSequenceClassification}) folder that {@code AutoModelForSequenceClassification.from_pretrained}
 * and {@code AutoTokenizer.from_pretrained} load as they are: config.json (the checkpoint's, with the task's
 * {@code id2label}/{@code label2id}), model.safetensors with the standard tensor names (the encoder's under
 * {@code bert.}, {@code roberta.} or {@code distilbert.}, the head's as transformers names them; LoRA updates merged
 * into their layers) and the checkpoint's tokenizer files.
 */
public final class BertClassifierExport {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The class transformers builds for each {@code model_type}'s exported classifier. */
  private static final Map<String, String> ARCHITECTURES = Map.of(
      "bert", "BertForSequenceClassification",
      "roberta", "RobertaForSequenceClassification",
      "xlm-roberta", "XLMRobertaForSequenceClassification",
      "distilbert", "DistilBertForSequenceClassification",
      "electra", "ElectraForSequenceClassification");

  private BertClassifierExport() {}

  /**
   * @param checkpointConfig the imported checkpoint's config.json
   * @param tokenizerFiles tokenizer.json and whichever of vocab.txt, tokenizer_config.json, special_tokens_map.json
   *     the checkpoint had
   */
  public static void write(Path folder, BertSequenceClassifier network, Path checkpointConfig, List<String> classNames,
      List<Path> tokenizerFiles) throws IOException {
    Files.createDirectories(folder);
    ObjectNode config = (ObjectNode) JSON.readTree(checkpointConfig.toFile());
    config.putArray("architectures").add(ARCHITECTURES.get(network.bert().config().modelType()));
    ObjectNode id2label = config.putObject("id2label");
    ObjectNode label2id = config.putObject("label2id");
    for (int i = 0; i < classNames.size(); i++) {
      id2label.put(String.valueOf(i), classNames.get(i));
      label2id.put(classNames.get(i), i);
    }
    config.put("problem_type", "single_label_classification");
    // the weights below are float32 whatever the checkpoint was saved in (a bfloat16 one is widened on import)
    for (String dtype : List.of("dtype", "torch_dtype")) {
      if (config.has(dtype)) {
        config.put(dtype, "float32");
      }
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(folder.resolve("config.json").toFile(), config);
    Safetensors.write(folder.resolve("model.safetensors"), tensors(network), Map.of("format", "pt"));
    for (Path file : tokenizerFiles) {
      Files.copy(file, folder.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The weights under transformers' names for the family's ForSequenceClassification, adapters merged. */
  public static List<Safetensors.Tensor> tensors(BertSequenceClassifier network) {
    List<Safetensors.Tensor> tensors = new ArrayList<>();
    EncoderFamily.ClassificationHead head = network.head();
    String prefix = network.bert().config().family().taskPrefix();
    for (Map.Entry<String, Block> layer : network.layers().entrySet()) {
      boolean headLayer = layer.getKey().equals(head.output())
          || layer.getKey().equals(head.dense()) && !head.denseInBaseModel();
      String name = headLayer ? layer.getKey() : prefix + layer.getKey();
      if (layer.getValue() instanceof LowRankAdapter adapter) {
        tensors.add(tensor(name + ".weight", adapter.mergedWeight()));
        tensors.add(tensor(name + ".bias", adapter.base().getParameters().get("bias").getArray()));
      } else {
        CheckpointWeights.parameters(Map.of(name, layer.getValue()))
            .forEach((tensorName, parameter) -> tensors.add(tensor(tensorName, parameter.getArray())));
      }
    }
    return tensors;
  }

  private static Safetensors.Tensor tensor(String name, NDArray array) {
    return new Safetensors.Tensor(name, array.getShape().getShape(), array.toFloatArray());
  }
}
