package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.huggingface.BertConfig;
import ai.pretrain.huggingface.CheckpointArtifacts;
import ai.pretrain.huggingface.CheckpointFolder;
import ai.pretrain.huggingface.CheckpointImport;
import ai.pretrain.huggingface.CheckpointTokenizer;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.plugin.LabeledTexts;
import ai.pretrain.source.LabeledDocuments;
import java.util.ArrayList;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.stage.StageRun;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Data prep for a run that imports a checkpoint: the documents split as {@link TextPreparation} splits them and turned
 * into ids by the checkpoint's own tokenizer, one sequence of the chosen length per document (padding masked by the
 * encoder), and the training and validation text as windows for continued masked-LM pretraining. The checkpoint's
 * config.json and tokenizer files are published with the data, so every later stage (the scratch baseline included)
 * builds the same encoder and the export carries the tokenizer.
 */
final class CheckpointTextPreparation {

  private CheckpointTextPreparation() {}

  static StageResult prepare(StageRun stage, LabeledDocuments documents, PrepSpec prep, CheckpointFolder checkpoint,
      int length, long seed, Map<String, ArtifactRef> extra, int testFrom) throws IOException {
    BertConfig config = CheckpointImport.config(checkpoint);
    if (length > config.maxSequenceLength()) {
      throw ApplicationFailure.newNonRetryableFailure("fineTune.maxSequenceLength is " + length + " but the "
          + "checkpoint's positions (max_position_embeddings " + config.maxPositions() + ") hold at most "
          + config.maxSequenceLength() + " tokens; lower it",
          "SequenceTooLong");
    }
    List<String> texts = new ArrayList<>();
    documents.documents().forEach((index, text) -> texts.add(text));
    LabeledTexts dataset = new LabeledTexts(texts, documents.labels(), documents.classNames());
    TextSplit split = TextSplit.of(dataset.size(), prep, seed, testFrom);
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    stage.log().info("tokenizing " + dataset.size() + " documents with the checkpoint's tokenizer, " + length
        + " tokens each");
    try (CheckpointTokenizer tokenizer =
        new CheckpointTokenizer(checkpoint.file(CheckpointArtifacts.TOKENIZER_FILE), length, config.padTokenId())) {
      ExampleShard sequences =
          sequences(tokenizer.sequences(dataset.texts().toArray(String[]::new)), dataset, length);
      ExampleShard train = sequences.select(split.train());
      ExampleShard labeled =
          train.select(DataPrepActivitiesImpl.stratifiedSample(train, prep.labeledFraction(), new Random(seed + 1)));
      artifacts.putAll(DataPrepActivitiesImpl.writeShards(stage, Artifacts.TRAIN_SHARDS, train, prep.shardSize()));
      artifacts.put(Artifacts.LABELED, DataPrepActivitiesImpl.write(stage, Artifacts.LABELED, labeled));
      artifacts.put(Artifacts.VALIDATION,
          DataPrepActivitiesImpl.write(stage, Artifacts.VALIDATION, sequences.select(split.validation())));
      artifacts.put(Artifacts.TEST, DataPrepActivitiesImpl.write(stage, Artifacts.TEST, sequences.select(split.test())));
      ExampleShard domain = windows(tokenizer.windows(texts(dataset, split.train())), length);
      ExampleShard domainValidation =
          windows(tokenizer.windows(texts(dataset, split.validation())), length);
      artifacts.put(Artifacts.DOMAIN, DataPrepActivitiesImpl.write(stage, Artifacts.DOMAIN, domain));
      artifacts.put(Artifacts.DOMAIN_VALIDATION, DataPrepActivitiesImpl.write(stage, Artifacts.DOMAIN_VALIDATION, domainValidation));
      metrics.put("trainExamples", (double) train.size());
      metrics.put("labeledExamples", (double) labeled.size());
      metrics.put("domainWindows", (double) domain.size());
    }
    artifacts.putAll(CheckpointArtifacts.publish(stage, checkpoint, List.of(CheckpointArtifacts.CONFIG_FILE,
        CheckpointArtifacts.TOKENIZER_FILE)));
    metrics.put(PreparedData.FEATURES, (double) length);
    metrics.put(PreparedData.CLASSES, (double) dataset.classNames().size());
    metrics.put(PreparedData.IMAGE_HEIGHT, 0.0);
    metrics.put(PreparedData.IMAGE_WIDTH, 0.0);
    metrics.put(PreparedData.VOCABULARY_SIZE, (double) config.vocabularySize());
    metrics.put("validationExamples", (double) split.validation().length);
    metrics.put("testExamples", (double) split.test().length);
    artifacts.put(Artifacts.TEST_EXAMPLES, stage.upload("test-examples.json",
        new TestExamples(null, dataset.classNames()).toJson(), Artifacts.TEST_EXAMPLES));
    artifacts.putAll(extra);
    return stage.complete(artifacts, metrics);
  }

  /** One row of ids per document (stored as floats, exact below 2^24) with its label. */
  private static ExampleShard sequences(long[][] ids, LabeledTexts dataset, int length) {
    return new ExampleShard(flatten(ids, length), dataset.labels(), length, dataset.classNames().size());
  }

  /** Unlabeled windows. */
  private static ExampleShard windows(long[][] ids, int length) {
    return new ExampleShard(flatten(ids, length), new int[ids.length], length, 1);
  }

  private static float[] flatten(long[][] rows, int length) {
    float[] flat = new float[rows.length * length];
    for (int r = 0; r < rows.length; r++) {
      for (int t = 0; t < length; t++) {
        flat[r * length + t] = rows[r][t];
      }
    }
    return flat;
  }

  private static List<String> texts(LabeledTexts dataset, int[] rows) {
    return java.util.Arrays.stream(rows).mapToObj(dataset.texts()::get).toList();
  }
}
