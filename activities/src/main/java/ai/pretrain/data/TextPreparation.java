package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.numerics.Permutation;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.source.Documents;
import ai.pretrain.source.LabeledDocuments;
import ai.pretrain.source.SourceTexts;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.TransformerSpec;
import ai.pretrain.stage.StageRun;
import ai.pretrain.text.BpeTokenizer;
import ai.pretrain.text.BpeTrainer;
import ai.pretrain.text.WordCounts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Data prep for text: the labeled documents split as tables and images are (seeded, the labeled fraction stratified),
 * a byte-level BPE tokenizer trained on the pretraining text (the general corpus, else the training split), and
 * everything written as token ids: one {@code [CLS] text [SEP]} sequence per document, padded or cut to the sequence
 * length, and the pretraining and domain text as consecutive windows of one more token (what causal language
 * modelling needs; masked language modelling uses the first ones).
 *
 * <p>No document is held: the tokenizer learns from word counts gathered in a pass over the documents
 * ({@link WordCounts}, bounded), a second pass encodes every document once to a {@link TokenSpool} on local disk, and
 * the shards are written one example at a time from it and from spools of windows ({@link WindowSpool}). The heap
 * holds per document its label, its place in the split and its offset in the spool.
 */
final class TextPreparation {

  /** Merges must occur at least this often in the pretraining text, so the vocabulary holds no one-off fragments. */
  private static final int MIN_MERGE_FREQUENCY = 2;

  /** Share of the pretraining windows held out to score the language model. */
  private static final double HELD_OUT_WINDOWS = 0.05;

  private TextPreparation() {}

  static StageResult prepare(StageRun stage, LabeledDocuments dataset, Documents corpus, PrepSpec prep,
      TransformerSpec transformer, long seed) throws IOException {
    return prepare(stage, new SourceTexts(dataset, null, null, -1), corpus, prep, transformer, seed, Map.of());
  }

  /**
   * As the method above, with {@code extra} artifacts (a dataset card) in the result; the documents from the source's
   * {@code testFrom} on (where it is not -1) are a fixed test set ({@link TextSplit#of(int, PrepSpec, long, int)}), and
   * the test documents' ids, where the source names its documents, are written as {@link Artifacts#TEST_EXAMPLES}.
   */
  static StageResult prepare(StageRun stage, SourceTexts source, Documents corpus, PrepSpec prep,
      TransformerSpec transformer, long seed, Map<String, ArtifactRef> extra) throws IOException {
    LabeledDocuments dataset = source.texts();
    TextSplit split = TextSplit.of(dataset.size(), prep, seed, source.testFrom());
    int[] trainRows = split.train();
    BpeTokenizer tokenizer = tokenizer(stage, dataset.documents(), trainRows, corpus, transformer);
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    Path tokenizerFile = tokenizer.save(stage.workspace().resolve("tokenizer.json"));
    artifacts.put(Artifacts.TOKENIZER, stage.upload("tokenizer.json", tokenizerFile, "tokenizer"));

    int length = transformer.sequenceLength();
    int separator = tokenizer.idOf(BpeTokenizer.SEP);
    Path workspace = stage.workspace();
    Map<String, Double> metrics = new LinkedHashMap<>();
    try (TokenSpool tokens = TokenSpool.encode(tokenizer, dataset.documents(), workspace)) {
      TokenSequences sequences =
          new TokenSequences(tokens, dataset.labels(), dataset.classNames().size(), length, tokenizer);
      int[] labeled = labeled(dataset, trainRows, prep.labeledFraction(), seed);
      artifacts.putAll(writeSplits(stage, sequences, split, labeled, prep.shardSize()));

      try (IdRowSpool domain = WindowSpool.of(tokens, trainRows, length + 1, separator, workspace);
          IdRowSpool general =
              corpus == null ? null : WindowSpool.encode(tokenizer, corpus, length + 1, workspace);
          IdRowSpool domainValidation =
              WindowSpool.of(tokens, split.validation(), length + 1, separator, workspace)) {
        IdRowSpool pretraining = general == null ? domain : general;
        int[] shuffled = Permutation.of(pretraining.size(), new Random(seed + 2));
        int heldOut = Math.max(1, (int) Math.round(pretraining.size() * HELD_OUT_WINDOWS));
        RowOrder corpusTrain = new RowOrder(shuffled, heldOut, shuffled.length);
        artifacts.putAll(DataPrepActivitiesImpl.writeShards(stage, Artifacts.CORPUS_SHARDS, pretraining, corpusTrain,
            ExampleScaling.NONE, prep.shardSize()));
        artifacts.put(Artifacts.CORPUS_VALIDATION, DataPrepActivitiesImpl.write(stage, Artifacts.CORPUS_VALIDATION,
            pretraining, new RowOrder(shuffled, 0, heldOut), ExampleScaling.NONE));
        artifacts.put(Artifacts.DOMAIN, DataPrepActivitiesImpl.write(stage, Artifacts.DOMAIN, domain,
            RowOrder.range(0, domain.size()), ExampleScaling.NONE));
        artifacts.put(Artifacts.DOMAIN_VALIDATION, DataPrepActivitiesImpl.write(stage, Artifacts.DOMAIN_VALIDATION,
            domainValidation, RowOrder.range(0, domainValidation.size()), ExampleScaling.NONE));
        metrics.put(PreparedData.FEATURES, (double) length);
        metrics.put(PreparedData.CLASSES, (double) dataset.classNames().size());
        metrics.put(PreparedData.IMAGE_HEIGHT, 0.0);
        metrics.put(PreparedData.IMAGE_WIDTH, 0.0);
        metrics.put(PreparedData.VOCABULARY_SIZE, (double) tokenizer.vocabularySize());
        metrics.put("trainExamples", (double) trainRows.length);
        metrics.put("labeledExamples", (double) labeled.length);
        metrics.put("validationExamples", (double) split.validation().length);
        metrics.put("testExamples", (double) split.test().length);
        metrics.put("corpusWindows", (double) corpusTrain.size());
        metrics.put("domainWindows", (double) domain.size());
      }
    }
    if (source.ids() != null) {
      artifacts.put(Artifacts.TEST_EXAMPLES, stage.upload("test-examples.json",
          TestExamples.ofDocuments(source.ids(), split.test(), dataset.classNames()).toJson(), Artifacts.TEST_EXAMPLES));
    }
    artifacts.putAll(extra);
    return stage.complete(artifacts, metrics);
  }

  /**
   * The tokenizer, learned from the words of the general corpus where there is one, else of the training split's
   * documents, counted in one pass over them.
   */
  private static BpeTokenizer tokenizer(StageRun stage, Documents documents, int[] trainRows, Documents corpus,
      TransformerSpec transformer) throws IOException {
    WordCounts words = new WordCounts();
    if (corpus == null) {
      BitSet train = new BitSet(documents.size());
      Arrays.stream(trainRows).forEach(train::set);
      documents.forEach((index, text) -> {
        if (train.get(index)) {
          words.add(text);
        }
      });
    } else {
      corpus.forEach((index, text) -> words.add(text));
    }
    stage.log().info("training a " + transformer.vocabularySize() + "-token BPE tokenizer on " + words.documents()
        + " documents (" + words.distinct() + " distinct words" + (words.dropped() > 0 ? ", " + words.dropped()
        + " rare ones dropped to stay within " + WordCounts.MAX_WORDS : "") + ")");
    return new BpeTrainer(transformer.vocabularySize(), MIN_MERGE_FREQUENCY).train(words);
  }

  /**
   * The classifier's sequences written split by split: the training shards, the labeled subset of them, the validation
   * and the test split.
   */
  static Map<String, ArtifactRef> writeSplits(StageRun stage, TokenRows sequences, TextSplit split, int[] labeled,
      int shardSize) throws IOException {
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(DataPrepActivitiesImpl.writeShards(stage,
        Artifacts.TRAIN_SHARDS, sequences, split.train(), ExampleScaling.NONE, shardSize));
    artifacts.put(Artifacts.LABELED, DataPrepActivitiesImpl.write(stage, Artifacts.LABELED, sequences, labeled,
        ExampleScaling.NONE));
    artifacts.put(Artifacts.VALIDATION, DataPrepActivitiesImpl.write(stage, Artifacts.VALIDATION, sequences,
        split.validation(), ExampleScaling.NONE));
    artifacts.put(Artifacts.TEST, DataPrepActivitiesImpl.write(stage, Artifacts.TEST, sequences, split.test(),
        ExampleScaling.NONE));
    return artifacts;
  }

  /** The labeled subset of the training rows: the same fraction of every class, seeded. */
  static int[] labeled(LabeledDocuments dataset, int[] trainRows, double fraction, long seed) {
    int[] labels = new int[trainRows.length];
    for (int i = 0; i < trainRows.length; i++) {
      labels[i] = dataset.labels()[trainRows[i]];
    }
    int[] positions = DataPrepActivitiesImpl.stratifiedSample(labels, dataset.classNames().size(),
        fraction, new Random(seed + 1));
    int[] rows = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      rows[i] = trainRows[positions[i]];
    }
    return rows;
  }
}
