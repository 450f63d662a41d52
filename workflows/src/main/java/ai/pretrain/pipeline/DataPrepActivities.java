package ai.pretrain.pipeline;

import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import io.temporal.activity.ActivityInterface;

/** Turns a raw dataset into normalized, split, sharded artifacts. */
@ActivityInterface
public interface DataPrepActivities {

  /**
   * Artifacts: {@code train-NNN} shards of the training split (labels unused by pretraining), {@code labeled} (the
   * labeled fraction of it), {@code validation} and {@code test}; the shape in {@link PreparedData}'s typed fields.
   * Metrics: {@code features}, {@code classes} and example counts.
   */
  PreparedData prepareData(RunContext run, DatasetSpec dataset, PrepSpec prep);

  /**
   * As {@link #prepareData}, for data by URI with a separate unlabeled set ({@code pretrain.data}): that set is
   * standardized as the training split and written as {@code pretrain-NNN} shards, which pretraining reads instead of
   * {@code train-NNN}.
   */
  PreparedData prepareWithPretrainingData(RunContext run, DatasetSpec dataset, PrepSpec prep, PretrainSpec pretrain);

  /**
   * For a text dataset and a transformer: trains the byte-level BPE tokenizer on the pretraining corpus
   * ({@code pretrain.corpus}, else the training split's text) and turns everything into token ids. Artifacts:
   * {@code tokenizer} (Hugging Face {@code tokenizer.json}); {@code corpus-NNN} and {@code corpus-validation}, windows
   * of the pretraining text; {@code domain} and {@code domain-validation}, windows of the training and validation
   * splits' text; {@code train-NNN}, {@code labeled}, {@code validation} and {@code test}, one padded sequence per
   * document with its label. Metrics as {@link #prepareData}'s, {@code features} being the sequence length, plus
   * {@code vocabularySize} and token counts.
   */
  PreparedData prepareText(RunContext run, DatasetSpec dataset, PrepSpec prep, PretrainSpec pretrain);

  /**
   * For a text dataset and an imported checkpoint ({@code pretrain.from}): the documents split as by
   * {@link #prepareText} and turned into ids by the checkpoint's own {@code tokenizer.json}, each cut or padded to
   * {@code sequenceLength}. Artifacts: {@code train-NNN}, {@code labeled}, {@code validation}, {@code test};
   * {@code domain} and {@code domain-validation}, the splits' text in windows of {@code sequenceLength} for continued
   * pretraining; the checkpoint's {@code config.json} ({@code checkpoint-config}), {@code tokenizer} and the tokenizer
   * files it has beside it, which the later stages build the encoder from and the export carries.
   */
  PreparedData prepareCheckpointText(RunContext run, DatasetSpec dataset, PrepSpec prep, CheckpointSpec from,
      int sequenceLength);
}
