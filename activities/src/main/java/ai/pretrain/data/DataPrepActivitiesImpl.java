package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.numerics.Permutation;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.ActivityKeepAlive;
import ai.pretrain.stage.StageRun;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.SourceObjects;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Splits a dataset (read by its reader plugin) into seeded train/validation/test shards and a labeled subset,
 * stratified by class for classification; a table's features, and a regression target, are standardized with the
 * training split's statistics. Text is tokenized by {@link TextPreparation}.
 */
public class DataPrepActivitiesImpl implements DataPrepActivities {

  private final StageRunner stages;
  private final DatasetCatalog datasets;
  private final SourcePreparation sources;

  /** Built-in datasets from {@code datasets}; data by URI through the store configured in the environment. */
  public DataPrepActivitiesImpl(StageRunner stages, DatasetCatalog datasets) {
    this(stages, datasets, new SourceDatasets(SourceObjects.fromEnvironment(System.getenv())));
  }

  public DataPrepActivitiesImpl(StageRunner stages, DatasetCatalog datasets, SourceDatasets sources) {
    this.stages = stages;
    this.datasets = datasets;
    this.sources = new SourcePreparation(stages, sources);
  }

  @Override
  public PreparedData prepareData(RunContext run, DatasetSpec dataset, PrepSpec prep) {
    try (ActivityKeepAlive alive = ActivityKeepAlive.start()) {
      return PreparedData.of(prepareDataInStage(run, dataset, prep));
    }
  }

  private StageResult prepareDataInStage(RunContext run, DatasetSpec dataset, PrepSpec prep) {
    if (dataset.hasUri()) {
      return sources.prepare(run, dataset, prep, null);
    }
    ArtifactRef raw;
    try {
      raw = new ArtifactRef("dataset:" + dataset.name(), datasets.checksum(dataset.name()), 0, "raw-dataset");
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
    Map<String, Object> config = Map.of("dataset", dataset, "prep", prep, "seed", run.seed());
    return stages.run(run, Stages.PREPARE_DATA, config, List.of(raw),
        stage -> split(stage, datasets.read(dataset.name()), prep, run.seed(), -1, null, null, Map.of()));
  }

  @Override
  public PreparedData prepareWithPretrainingData(RunContext run, DatasetSpec dataset, PrepSpec prep,
      PretrainSpec pretrain) {
    try (ActivityKeepAlive alive = ActivityKeepAlive.start()) {
      return PreparedData.of(prepareWithPretrainingDataInStage(run, dataset, prep, pretrain));
    }
  }

  private StageResult prepareWithPretrainingDataInStage(RunContext run, DatasetSpec dataset, PrepSpec prep,
      PretrainSpec pretrain) {
    return sources.prepare(run, dataset, prep, pretrain.data());
  }

  @Override
  public PreparedData prepareText(RunContext run, DatasetSpec dataset, PrepSpec prep, PretrainSpec pretrain) {
    try (ActivityKeepAlive alive = ActivityKeepAlive.start()) {
      return PreparedData.of(prepareTextInStage(run, dataset, prep, pretrain));
    }
  }

  private StageResult prepareTextInStage(RunContext run, DatasetSpec dataset, PrepSpec prep, PretrainSpec pretrain) {
    if (dataset.hasUri() || (pretrain.corpus() != null && pretrain.corpus().hasUri())) {
      return sources.prepareText(run, dataset, prep, pretrain, datasets);
    }
    List<ArtifactRef> raw = new ArrayList<>();
    try {
      raw.add(new ArtifactRef("dataset:" + dataset.name(), datasets.textsChecksum(dataset.name()), 0, "raw-dataset"));
      if (pretrain.corpus() != null) {
        raw.add(new ArtifactRef("corpus:" + pretrain.corpus().name(), datasets.corpusChecksum(pretrain.corpus().name()),
            0, "raw-corpus"));
      }
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset", dataset);
    config.put("prep", prep);
    config.put("corpus", pretrain.corpus());
    config.put("vocabularySize", pretrain.transformer().vocabularySize());
    config.put("sequenceLength", pretrain.transformer().sequenceLength());
    config.put("seed", run.seed());
    return stages.run(run, Stages.PREPARE_DATA, config, raw, stage -> TextPreparation.prepare(stage,
        datasets.readTexts(dataset.name()),
        pretrain.corpus() == null ? null : datasets.readCorpus(pretrain.corpus().name()),
        prep, pretrain.transformer(), run.seed()));
  }

  @Override
  public PreparedData prepareCheckpointText(RunContext run, DatasetSpec dataset, PrepSpec prep, CheckpointSpec from,
      int sequenceLength) {
    try (ActivityKeepAlive alive = ActivityKeepAlive.start()) {
      return PreparedData.of(prepareCheckpointTextInStage(run, dataset, prep, from, sequenceLength));
    }
  }

  private StageResult prepareCheckpointTextInStage(RunContext run, DatasetSpec dataset, PrepSpec prep, CheckpointSpec from,
      int sequenceLength) {
    return sources.prepareCheckpointText(run, dataset, prep, from, sequenceLength, datasets);
  }

  /**
   * Splits, standardizes and writes {@code dataset}; examples from {@code testFrom} on (where it is not -1) are a
   * fixed test set, and the rest is split into training and validation only. A separate {@code pretrainingSet}
   * (nullable) is standardized as the training split and written as the {@code pretrain-NNN} shards pretraining
   * reads instead. The test split's ids (from {@code examples}, ids of every example and class names, where given;
   * else row numbers) are written as {@link Artifacts#TEST_EXAMPLES}, and the features' encoding as
   * {@link Artifacts#INPUT_ENCODING}. {@code extra} artifacts (a dataset card) join the result.
   */
  static StageResult split(StageRun stage, LabeledDataset dataset, PrepSpec prep, long seed, int testFrom,
      LabeledDataset pretrainingSet, TestExamples examples, Map<String, ArtifactRef> extra) throws IOException {
    ExampleShard all = dataset.regression()
        ? ExampleShard.regression(dataset.features(), dataset.targets(), dataset.featureCount())
        : new ExampleShard(dataset.features(), dataset.labels(), dataset.featureCount(), dataset.classCount());
    int held = testFrom < 0 ? all.size() : testFrom;
    int[] order = Permutation.of(held, new Random(seed));
    int testCount = testFrom < 0 ? (int) Math.round(all.size() * prep.testFraction()) : 0;
    int validationCount = (int) Math.round(held * prep.validationFraction());
    int[] testRows = testFrom < 0 ? slice(order, 0, testCount) : IntStream.range(testFrom, all.size()).toArray();
    ExampleShard test = all.select(testRows);
    ExampleShard validation = all.select(slice(order, testCount, testCount + validationCount));
    ExampleShard train = all.select(slice(order, testCount + validationCount, held));
    ExampleShard pretraining = pretrainingSet == null ? null
        : new ExampleShard(pretrainingSet.features(), new int[pretrainingSet.size()], pretrainingSet.featureCount(), 1);
    if (pretraining != null && dataset.imageHeight() > 0 && !geometry(pretrainingSet).equals(geometry(dataset))) {
      throw ApplicationFailure.newNonRetryableFailure("pretrain.data holds images of "
          + geometry(pretrainingSet).describe() + " and the dataset images of " + geometry(dataset).describe()
          + "; give both the same size and channels (an image folder is converted to dataset.image)", "BadData");
    }
    if (pretraining != null && pretraining.featureCount() != all.featureCount()) {
      throw ApplicationFailure.newNonRetryableFailure("pretrain.data encodes to " + pretraining.featureCount()
          + " features and the dataset to " + all.featureCount() + "; give it the dataset's feature columns (and "
          + "string columns the same values)", "BadData");
    }
    MissingValues means = null;
    if (MissingValues.any(all) || (pretraining != null && MissingValues.any(pretraining))) {
      means = MissingValues.fit(train);
      test = means.apply(test);
      validation = means.apply(validation);
      pretraining = pretraining == null ? null : means.apply(pretraining);
      train = means.apply(train);
    }
    Standardization standardization = null;
    if (dataset.rawScale()) {
      standardization = Standardization.fit(train);
      test = standardization.apply(test);
      validation = standardization.apply(validation);
      pretraining = pretraining == null ? null : standardization.apply(pretraining);
      train = standardization.apply(train);
    }
    TargetStandardization target = null;
    if (all.isRegression()) {
      target = TargetStandardization.fit(train);
      test = target.apply(test);
      validation = target.apply(validation);
      train = target.apply(train);
    }
    Random labelDraw = new Random(seed + 1);
    ExampleShard labeled = train.select(all.isRegression()
        ? randomSample(train.size(), prep.labeledFraction(), labelDraw)
        : stratifiedSample(train, prep.labeledFraction(), labelDraw));

    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(writeShards(stage, Artifacts.TRAIN_SHARDS, train, prep.shardSize()));
    if (pretraining != null) {
      artifacts.putAll(writeShards(stage, Artifacts.PRETRAINING_SHARDS, pretraining, prep.shardSize()));
    }
    // the test split's ids: the id column's values, else the examples' rows in the dataset as its reader returns it
    List<String> testIds = java.util.Arrays.stream(testRows)
        .mapToObj(row -> examples != null ? examples.ids().get(row) : Integer.toString(row)).toList();
    artifacts.put(Artifacts.TEST_EXAMPLES, stage.upload("test-examples.json",
        new TestExamples(testIds, examples != null ? examples.classNames() : null, DataSplit.of(seed,
            prep.testFraction(), prep.validationFraction(), prep.labeledFraction(), testFrom >= 0)).toJson(),
        Artifacts.TEST_EXAMPLES));
    artifacts.put(Artifacts.INPUT_ENCODING, stage.upload("input-encoding.json",
        InputEncoding.of(all.featureCount(), means, standardization).toJson(), Artifacts.INPUT_ENCODING));
    artifacts.putAll(extra);
    artifacts.put(Artifacts.LABELED, write(stage, Artifacts.LABELED, labeled));
    artifacts.put(Artifacts.VALIDATION, write(stage, Artifacts.VALIDATION, validation));
    artifacts.put(Artifacts.TEST, write(stage, Artifacts.TEST, test));

    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(PreparedData.FEATURES, (double) all.featureCount());
    metrics.put(PreparedData.CLASSES, (double) all.classCount());
    metrics.put(PreparedData.IMAGE_HEIGHT, (double) dataset.imageHeight());
    metrics.put(PreparedData.IMAGE_WIDTH, (double) dataset.imageWidth());
    if (dataset.imageChannels() > 0) {
      metrics.put(PreparedData.IMAGE_CHANNELS, (double) dataset.imageChannels());
    }
    metrics.put("trainExamples", (double) train.size());
    metrics.put("labeledExamples", (double) labeled.size());
    metrics.put("validationExamples", (double) validation.size());
    metrics.put("testExamples", (double) test.size());
    if (target != null) {
      metrics.putAll(target.toMetrics());
    }
    return stage.complete(artifacts, metrics);
  }

  private static ImageGeometry geometry(LabeledDataset images) {
    return new ImageGeometry(images.imageHeight(), images.imageWidth(), images.imageChannels());
  }

  /** {@code shard} in pieces of at most {@code size} examples, named {@code <prefix>000}, {@code <prefix>001}, .. */
  static Map<String, ArtifactRef> writeShards(StageRun stage, String prefix, ExampleShard shard, int size)
      throws IOException {
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    int shards = (shard.size() + size - 1) / size;
    for (int s = 0; s < shards; s++) {
      int from = s * size;
      int to = Math.min(shard.size(), from + size);
      String name = String.format("%s%03d", prefix, s);
      artifacts.put(name, write(stage, name, shard.select(IntStream.range(from, to).toArray())));
    }
    return artifacts;
  }

  static ArtifactRef write(StageRun stage, String name, ExampleShard shard) throws IOException {
    Path file = stage.workspace().resolve(name + ".ptds");
    shard.write(file);
    ArtifactRef ref = stage.upload(name + ".ptds", file, "dataset-shard");
    Files.delete(file);
    return ref;
  }

  private static int[] slice(int[] order, int from, int to) {
    return java.util.Arrays.copyOfRange(order, from, to);
  }

  /** A seeded draw of the fraction (at least one) of {@code size} examples, for targets that have no classes. */
  static int[] randomSample(int size, double fraction, Random random) {
    int take = Math.min(size, Math.max(1, (int) Math.round(size * fraction)));
    return slice(Permutation.of(size, random), 0, take);
  }

  /** The same fraction of every class (at least one example each), so few labels still cover all classes. */
  static int[] stratifiedSample(ExampleShard train, double fraction, Random random) {
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < train.classCount(); c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < train.size(); i++) {
      byClass.get(train.label(i)).add(i);
    }
    List<Integer> picked = new ArrayList<>();
    for (List<Integer> members : byClass) {
      if (members.isEmpty()) {
        continue;
      }
      java.util.Collections.shuffle(members, random);
      int take = Math.max(1, (int) Math.round(members.size() * fraction));
      picked.addAll(members.subList(0, Math.min(take, members.size())));
    }
    java.util.Collections.shuffle(picked, random);
    return picked.stream().mapToInt(Integer::intValue).toArray();
  }
}
