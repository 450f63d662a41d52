package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.numerics.Permutation;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.plugin.LabeledTexts;
import ai.pretrain.source.SourceTexts;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.TransformerSpec;
import ai.pretrain.stage.StageRun;
import ai.pretrain.text.BpeTokenizer;
import ai.pretrain.text.BpeTrainer;
import ai.pretrain.text.TokenStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Data prep for text: the labeled documents split as tables and images are (seeded, the labeled fraction stratified),
 * a byte-level BPE tokenizer trained on the pretraining text (the general corpus, else the training split), and
 * everything written as token ids: one {@code [CLS] text [SEP]} sequence per document, padded or cut to the sequence
 * length, and the pretraining and domain text as consecutive windows of one more token (what causal language
 * modelling needs; masked language modelling uses the first ones).
 */
final class TextPreparation {

  /** Merges must occur at least this often in the pretraining text, so the vocabulary holds no one-off fragments. */
  private static final int MIN_MERGE_FREQUENCY = 2;

  /** Share of the pretraining windows held out to score the language model. */
  private static final double HELD_OUT_WINDOWS = 0.05;

  private TextPreparation() {}

  static StageResult prepare(StageRun stage, LabeledTexts dataset, List<String> corpus, PrepSpec prep,
      TransformerSpec transformer, long seed) throws IOException {
    return prepare(stage, new SourceTexts(dataset, null, null, -1), corpus, prep, transformer, seed, Map.of());
  }

  /**
   * As the method above, with {@code extra} artifacts (a dataset card) in the result; the documents from the source's
   * {@code testFrom} on (where it is not -1) are a fixed test set ({@link TextSplit#of(int, PrepSpec, long, int)}), and
   * the test documents' ids, where the source names its documents, are written as {@link Artifacts#TEST_EXAMPLES}.
   */
  static StageResult prepare(StageRun stage, SourceTexts source, List<String> corpus, PrepSpec prep,
      TransformerSpec transformer, long seed, Map<String, ArtifactRef> extra) throws IOException {
    LabeledTexts dataset = source.texts();
    TextSplit split = TextSplit.of(dataset.size(), prep, seed, source.testFrom());
    int[] testRows = split.test();
    int[] validationRows = split.validation();
    int[] trainRows = split.train();
    List<String> trainTexts = texts(dataset, trainRows);
    List<String> pretrainingTexts = corpus == null ? trainTexts : corpus;

    stage.log().info("training a " + transformer.vocabularySize() + "-token BPE tokenizer on "
        + pretrainingTexts.size() + " documents");
    BpeTokenizer tokenizer = new BpeTrainer(transformer.vocabularySize(), MIN_MERGE_FREQUENCY).train(pretrainingTexts);
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    Path tokenizerFile = tokenizer.save(stage.workspace().resolve("tokenizer.json"));
    artifacts.put(Artifacts.TOKENIZER, stage.upload("tokenizer.json", tokenizerFile, "tokenizer"));

    int length = transformer.sequenceLength();
    ExampleShard sequences = sequences(tokenizer, dataset, length);
    ExampleShard train = sequences.select(trainRows);
    ExampleShard labeled =
        train.select(DataPrepActivitiesImpl.stratifiedSample(train, prep.labeledFraction(), new Random(seed + 1)));
    artifacts.putAll(DataPrepActivitiesImpl.writeShards(stage, Artifacts.TRAIN_SHARDS, train, prep.shardSize()));
    artifacts.put(Artifacts.LABELED, DataPrepActivitiesImpl.write(stage, Artifacts.LABELED, labeled));
    artifacts.put(Artifacts.VALIDATION, DataPrepActivitiesImpl.write(stage, Artifacts.VALIDATION, sequences.select(validationRows)));
    artifacts.put(Artifacts.TEST, DataPrepActivitiesImpl.write(stage, Artifacts.TEST, sequences.select(testRows)));

    ExampleShard pretraining = windows(tokenizer, pretrainingTexts, length + 1);
    int[] shuffled = Permutation.of(pretraining.size(), new Random(seed + 2));
    int heldOut = Math.max(1, (int) Math.round(pretraining.size() * HELD_OUT_WINDOWS));
    ExampleShard corpusTrain = pretraining.select(Arrays.copyOfRange(shuffled, heldOut, shuffled.length));
    artifacts.putAll(DataPrepActivitiesImpl.writeShards(stage, Artifacts.CORPUS_SHARDS, corpusTrain, prep.shardSize()));
    artifacts.put(Artifacts.CORPUS_VALIDATION,
        DataPrepActivitiesImpl.write(stage, Artifacts.CORPUS_VALIDATION, pretraining.select(Arrays.copyOf(shuffled, heldOut))));
    ExampleShard domain = windows(tokenizer, trainTexts, length + 1);
    ExampleShard domainValidation = windows(tokenizer, texts(dataset, validationRows), length + 1);
    artifacts.put(Artifacts.DOMAIN, DataPrepActivitiesImpl.write(stage, Artifacts.DOMAIN, domain));
    artifacts.put(Artifacts.DOMAIN_VALIDATION, DataPrepActivitiesImpl.write(stage, Artifacts.DOMAIN_VALIDATION, domainValidation));

    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(PreparedData.FEATURES, (double) length);
    metrics.put(PreparedData.CLASSES, (double) dataset.classNames().size());
    metrics.put(PreparedData.IMAGE_HEIGHT, 0.0);
    metrics.put(PreparedData.IMAGE_WIDTH, 0.0);
    metrics.put(PreparedData.VOCABULARY_SIZE, (double) tokenizer.vocabularySize());
    metrics.put("trainExamples", (double) train.size());
    metrics.put("labeledExamples", (double) labeled.size());
    metrics.put("validationExamples", (double) validationRows.length);
    metrics.put("testExamples", (double) testRows.length);
    metrics.put("corpusWindows", (double) corpusTrain.size());
    metrics.put("domainWindows", (double) domain.size());
    if (source.ids() != null) {
      artifacts.put(Artifacts.TEST_EXAMPLES, stage.upload("test-examples.json",
          TestExamples.ofDocuments(source.ids(), testRows, dataset.classNames()).toJson(), Artifacts.TEST_EXAMPLES));
    }
    artifacts.putAll(extra);
    return stage.complete(artifacts, metrics);
  }

  static List<String> texts(LabeledTexts dataset, int[] rows) {
    return Arrays.stream(rows).mapToObj(dataset.texts()::get).toList();
  }

  /** Every document as one padded sequence of token ids (stored as floats, exact below 2^24) with its label. */
  private static ExampleShard sequences(BpeTokenizer tokenizer, LabeledTexts dataset, int length) {
    float[] ids = new float[dataset.size() * length];
    for (int d = 0; d < dataset.size(); d++) {
      int[] sequence = tokenizer.classifierSequence(dataset.texts().get(d), length);
      for (int t = 0; t < length; t++) {
        ids[d * length + t] = sequence[t];
      }
    }
    return new ExampleShard(ids, dataset.labels(), length, dataset.classNames().size());
  }

  /** The texts as one token stream cut into consecutive windows, unlabeled. */
  private static ExampleShard windows(BpeTokenizer tokenizer, List<String> texts, int length) {
    int[][] windows = TokenStream.of(tokenizer, texts).windows(length, 0);
    float[] ids = new float[windows.length * length];
    for (int w = 0; w < windows.length; w++) {
      for (int t = 0; t < length; t++) {
        ids[w * length + t] = windows[w][t];
      }
    }
    return new ExampleShard(ids, new int[windows.length], length, 1);
  }
}
