package ai.pretrain.pipeline;

/**
 * The name of every artifact a stage publishes and a later stage, the report or the API reads, defined once. Shard
 * series are prefixes: {@code train-000}, {@code train-001}, ...
 */
public final class Artifacts {

  // data prep
  /** Shards of the training split, labels unused by pretraining. */
  public static final String TRAIN_SHARDS = "train-";
  /** Shards of a separate unlabeled pretraining set ({@code pretrain.data}), read instead of the training split's. */
  public static final String PRETRAINING_SHARDS = "pretrain-";
  /** Windows of the pretraining corpus's text. */
  public static final String CORPUS_SHARDS = "corpus-";
  public static final String CORPUS_VALIDATION = "corpus-validation";
  /** The labeled fraction of the training split. */
  public static final String LABELED = "labeled";
  public static final String VALIDATION = "validation";
  public static final String TEST = "test";
  /** Windows of the training and validation splits' text, for continued pretraining. */
  public static final String DOMAIN = "domain";
  public static final String DOMAIN_VALIDATION = "domain-validation";
  /** A Hugging Face {@code tokenizer.json}: trained in data prep, or an imported checkpoint's. */
  public static final String TOKENIZER = "tokenizer";
  /** An imported checkpoint's {@code config.json}. */
  public static final String CHECKPOINT_CONFIG = "checkpoint-config";
  /** The test split's example ids and class names, as JSON. */
  public static final String TEST_EXAMPLES = "test-examples";
  public static final String DATASET_CARD = "dataset-card";
  /** How raw columns became the features a model reads: missing-value fill and standardization, as JSON. */
  public static final String INPUT_ENCODING = "input-encoding";

  // pretraining, adapt and fine-tune
  /** The pretrained encoder's weights. */
  public static final String ENCODER = "encoder";
  /** The whole denoising autoencoder, kept for inspection. */
  public static final String AUTOENCODER = "autoencoder";
  /** A language model's weights: encoder and output head, which continued pretraining starts from. */
  public static final String LANGUAGE_MODEL = "language-model";
  /** Weights under the tensor names of transformers: an imported checkpoint's, or continued pretraining's. */
  public static final String CHECKPOINT_WEIGHTS = "model.safetensors";
  /** The adapt stage's continued-pretrained language model. */
  public static final String DOMAIN_LANGUAGE_MODEL = "domain-language-model";
  /** A classifier's weights, adapted or fine-tuned. */
  public static final String MODEL = "model";
  /** A training stage's per-epoch curves, as JSON. */
  public static final String HISTORY = "history";
  /**
   * Where a sweep trial's rung stopped, to go on from: the last epoch's weights, the optimizer's moments and step
   * counts, early stopping's best epoch and weights, and the history.
   */
  public static final String TRAINING_STATE = "training-state";

  // evaluation, report and sweep
  public static final String COMPARISON_JSON = "comparison-json";
  public static final String COMPARISON_MD = "comparison-md";
  public static final String ROC_JSON = "roc-json";
  public static final String PREDICTIONS = "predictions";
  public static final String MODEL_SAFETENSORS = "model-safetensors";
  public static final String MODEL_CARD = "model-card";
  public static final String REPORT_HTML = "report-html";
  /** Prefix the pipeline gives a report artifact whose name the evaluation already uses. */
  public static final String REPORT_PREFIX = "report-";
  public static final String RESULTS_CSV = "results-csv";
  public static final String RESULTS_MD = "results-md";

  private Artifacts() {}
}
