package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.huggingface.BertConfig;
import ai.pretrain.huggingface.CheckpointArtifacts;
import ai.pretrain.huggingface.CheckpointFolder;
import ai.pretrain.huggingface.CheckpointImport;
import ai.pretrain.huggingface.CheckpointTokenizer;
import ai.pretrain.huggingface.TokenizerVocabulary;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.source.Documents;
import ai.pretrain.source.LabeledDocuments;
import ai.pretrain.source.SourceTexts;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.stage.StageRun;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Data prep for a run that imports a checkpoint: the documents split as {@link TextPreparation} splits them and turned
 * into ids by the checkpoint's own tokenizer, one sequence of the chosen length per document (padding masked by the
 * encoder), and the training and validation text as windows for continued masked-LM pretraining. The checkpoint's
 * config.json and tokenizer files are published with the data, so every later stage (the scratch baseline included)
 * builds the same encoder and the export carries the tokenizer. The documents are read in one pass and their ids
 * spooled to local disk, from which the shards are written one example at a time; no document is held.
 */
final class CheckpointTextPreparation {

  /** Documents the tokenizers library encodes at once. */
  private static final int BATCH = 256;

  private CheckpointTextPreparation() {}

  static StageResult prepare(StageRun stage, SourceTexts source, PrepSpec prep, CheckpointFolder checkpoint,
      int length, long seed, Map<String, ArtifactRef> extra) throws IOException {
    LabeledDocuments dataset = source.texts();
    BertConfig config = CheckpointImport.config(checkpoint);
    if (length > config.maxSequenceLength()) {
      throw ApplicationFailure.newNonRetryableFailure("fineTune.maxSequenceLength is " + length + " but the "
          + "checkpoint's positions (max_position_embeddings " + config.maxPositions() + ") hold at most "
          + config.maxSequenceLength() + " tokens; lower it",
          "SequenceTooLong");
    }
    TextSplit split = TextSplit.of(dataset.size(), prep, seed, source.testFrom());
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    stage.log().info("tokenizing " + dataset.size() + " documents with the checkpoint's tokenizer, " + length
        + " tokens each");
    Path workspace = stage.workspace();
    try (CheckpointTokenizer tokenizer =
            new CheckpointTokenizer(checkpoint.file(CheckpointArtifacts.TOKENIZER_FILE), length, config.padTokenId());
        IdRowSpool sequences = new IdRowSpool(workspace, length, dataset.labels(), dataset.classNames().size());
        IdRowSpool windows = new IdRowSpool(workspace, length, null, 1)) {
      long largestId = TokenizerVocabulary.largestId(checkpoint.file(CheckpointArtifacts.TOKENIZER_FILE));
      if (largestId >= config.vocabularySize()) {
        // checked once the tokenizers library has read the file, which names what it cannot parse; the embedding
        // lookup would otherwise fail every retry of fine-tuning with libtorch's "index out of range in self"
        throw ApplicationFailure.newNonRetryableFailure(CheckpointFolder.FIELD + ": tokenizer.json gives ids up to "
            + largestId + " but config.json's vocab_size is " + config.vocabularySize() + ", so the model has no "
            + "embedding for the larger ones: the tokenizer is another checkpoint's; put the one saved with these "
            + "weights beside them (AutoTokenizer.from_pretrained(folder).save_pretrained(folder))",
            "InvalidCheckpoint");
      }
      int[] firstWindow = encode(tokenizer, dataset.documents(), sequences, windows);
      int[] train = split.train();
      int[] labeled = TextPreparation.labeled(dataset, train, prep.labeledFraction(), seed);
      artifacts.putAll(TextPreparation.writeSplits(stage, sequences, split, labeled, prep.shardSize()));
      int[] domain = windowsOf(train, firstWindow);
      artifacts.put(Artifacts.DOMAIN, DataPrepActivitiesImpl.write(stage, Artifacts.DOMAIN, windows, domain,
          ExampleScaling.NONE));
      artifacts.put(Artifacts.DOMAIN_VALIDATION, DataPrepActivitiesImpl.write(stage, Artifacts.DOMAIN_VALIDATION,
          windows, windowsOf(split.validation(), firstWindow), ExampleScaling.NONE));
      metrics.put("trainExamples", (double) train.length);
      metrics.put("labeledExamples", (double) labeled.length);
      metrics.put("domainWindows", (double) domain.length);
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
        TestExamples.ofDocuments(source.ids(), split.test(), dataset.classNames()).toJson(), Artifacts.TEST_EXAMPLES));
    artifacts.putAll(extra);
    return stage.complete(artifacts, metrics);
  }

  /**
   * Every document's sequence into {@code sequences} and its masked-LM windows into {@code windows}, in one pass over
   * the documents, a batch at a time (the tokenizers library encodes a batch in parallel); returns where each
   * document's windows start, and at the last index how many there are.
   */
  private static int[] encode(CheckpointTokenizer tokenizer, Documents documents, IdRowSpool sequences,
      IdRowSpool windows) throws IOException {
    int[] firstWindow = new int[documents.size() + 1];
    List<String> batch = new ArrayList<>(BATCH);
    documents.forEach((index, text) -> {
      batch.add(text);
      for (long[] window : tokenizer.windows(List.of(text))) {
        windows.add(window);
      }
      firstWindow[index + 1] = windows.size();
      if (batch.size() == BATCH || index == documents.size() - 1) {
        for (long[] sequence : tokenizer.sequences(batch.toArray(String[]::new))) {
          sequences.add(sequence);
        }
        batch.clear();
      }
    });
    sequences.finish();
    windows.finish();
    return firstWindow;
  }

  /** The windows of {@code documents}, in that order. */
  private static int[] windowsOf(int[] documents, int[] firstWindow) {
    return Arrays.stream(documents)
        .flatMap(document -> IntStream.range(firstWindow[document], firstWindow[document + 1])).toArray();
  }
}
