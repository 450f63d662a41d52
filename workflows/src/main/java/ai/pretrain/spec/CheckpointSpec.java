package ai.pretrain.spec;

import java.util.List;

/**
 * A published checkpoint the pretrain stage imports instead of training: a folder in the Hugging Face layout
 * ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}) under {@code uri}
 * ({@code s3://bucket/prefix/}).
 */
public record CheckpointSpec(String uri, String format) {

  public static final String HUGGING_FACE = "huggingface";

  /** The files the folder must hold. */
  public static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json");

  /** Files the folder may hold beside them, carried into the exported model with the tokenizer. */
  public static final List<String> TOKENIZER_EXTRAS = List.of("vocab.txt", "vocab.json", "merges.txt",
      "tokenizer_config.json", "special_tokens_map.json");

  /** The {@code model_type}s of config.json that the import computes exactly. */
  public static final List<String> MODEL_TYPES = List.of("bert", "roberta", "xlm-roberta", "distilbert", "electra");

  public CheckpointSpec {
    format = format == null ? HUGGING_FACE : format;
  }

  /** The URI of one file of the folder. */
  public String file(String name) {
    return (uri.endsWith("/") ? uri : uri + "/") + name;
  }
}
