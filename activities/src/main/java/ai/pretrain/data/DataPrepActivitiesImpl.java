package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.numerics.Permutation;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.source.Documents;
import ai.pretrain.source.ExampleRows;
import ai.pretrain.source.LabeledDocuments;
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
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** The most feature bytes one training shard holds (32 MiB), whatever {@code prep.shardSize} says. */
  static final long MAX_SHARD_BYTES = 32L << 20;

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
    Map<String, Object> config = Map.of("dataset", dataset, "prep", prep, "seed", run.seed(),
        "pixelStatistics", PixelStatistics.RECORDED);
    return stages.run(run, Stages.PREPARE_DATA, config, List.of(raw),
        stage -> split(stage, ExampleRows.of(datasets.read(dataset.name())), prep, run.seed(), -1, null, null,
            Map.of()));
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
        LabeledDocuments.of(datasets.readTexts(dataset.name())),
        pretrain.corpus() == null ? null : Documents.of(datasets.readCorpus(pretrain.corpus().name())),
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
   * {@link Artifacts#INPUT_ENCODING}. {@code extra} artifacts (a dataset card) join the result. Examples are read and
   * written one at a time: memory holds the split's row numbers, never the examples.
   */
  static StageResult split(StageRun stage, ExampleRows dataset, PrepSpec prep, long seed, int testFrom,
      ExampleRows pretrainingSet, ExampleNames examples, Map<String, ArtifactRef> extra) throws IOException {
    int size = dataset.size();
    int held = testFrom < 0 ? size : testFrom;
    int[] order = Permutation.of(held, new Random(seed));
    int testCount = testFrom < 0 ? (int) Math.round(size * prep.testFraction()) : 0;
    int validationCount = (int) Math.round(held * prep.validationFraction());
    int[] testRows = testFrom < 0 ? slice(order, 0, testCount) : IntStream.range(testFrom, size).toArray();
    int[] validation = slice(order, testCount, testCount + validationCount);
    int[] train = slice(order, testCount + validationCount, held);
    if (pretrainingSet != null && dataset.imageHeight() > 0 && !geometry(pretrainingSet).equals(geometry(dataset))) {
      throw ApplicationFailure.newNonRetryableFailure("pretrain.data holds images of "
          + geometry(pretrainingSet).describe() + " and the dataset images of " + geometry(dataset).describe()
          + "; give both the same size and channels (an image folder is converted to dataset.image)", "BadData");
    }
    if (pretrainingSet != null && pretrainingSet.featureCount() != dataset.featureCount()) {
      throw ApplicationFailure.newNonRetryableFailure("pretrain.data encodes to " + pretrainingSet.featureCount()
          + " features and the dataset to " + dataset.featureCount() + "; give it the dataset's feature columns (and "
          + "string columns the same values)", "BadData");
    }
    ExampleScaling scaling =
        ExampleScaling.fit(dataset, train, pretrainingSet != null && pretrainingSet.anyMissing());
    PixelStatistics pixels = dataset.imageHeight() > 0
        ? PixelStatistics.fit(dataset, IntStream.of(train).sorted().toArray(), dataset.imageChannels()) : null;
    Random labelDraw = new Random(seed + 1);
    int[] labeled = pick(train, dataset.regression()
        ? randomSample(train.length, prep.labeledFraction(), labelDraw)
        : stratifiedSample(labelsOf(dataset, train), dataset.classCount(), prep.labeledFraction(), labelDraw));

    int perShard = examplesPerShard(prep.shardSize(), dataset.featureCount());
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(
        writeShards(stage, Artifacts.TRAIN_SHARDS, dataset, train, scaling, perShard));
    if (pretrainingSet != null) {
      artifacts.putAll(writeShards(stage, Artifacts.PRETRAINING_SHARDS, pretrainingSet,
          RowOrder.range(0, pretrainingSet.size()), scaling, perShard));
    }
    // the test split's ids: the id column's values, else the examples' rows in the dataset as its reader returns it
    List<String> testIds = examples != null ? examples.ids().of(testRows)
        : Arrays.stream(testRows).mapToObj(Integer::toString).toList();
    artifacts.put(Artifacts.TEST_EXAMPLES, stage.upload("test-examples.json",
        new TestExamples(testIds, examples != null ? examples.classNames() : null, DataSplit.of(seed,
            prep.testFraction(), prep.validationFraction(), prep.labeledFraction(), testFrom >= 0)).toJson(),
        Artifacts.TEST_EXAMPLES));
    artifacts.put(Artifacts.INPUT_ENCODING, stage.upload("input-encoding.json",
        InputEncoding.of(dataset.featureCount(), scaling.missing(), scaling.features()).toJson(),
        Artifacts.INPUT_ENCODING));
    artifacts.putAll(extra);
    artifacts.put(Artifacts.LABELED, write(stage, Artifacts.LABELED, dataset, labeled, scaling));
    artifacts.put(Artifacts.VALIDATION, write(stage, Artifacts.VALIDATION, dataset, validation, scaling));
    artifacts.put(Artifacts.TEST, write(stage, Artifacts.TEST, dataset, testRows, scaling));

    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(PreparedData.FEATURES, (double) dataset.featureCount());
    metrics.put(PreparedData.CLASSES, (double) dataset.classCount());
    metrics.put(PreparedData.IMAGE_HEIGHT, (double) dataset.imageHeight());
    metrics.put(PreparedData.IMAGE_WIDTH, (double) dataset.imageWidth());
    if (dataset.imageChannels() > 0) {
      metrics.put(PreparedData.IMAGE_CHANNELS, (double) dataset.imageChannels());
    }
    if (pixels != null) {
      metrics.putAll(pixels.toMetrics());
    }
    metrics.put("trainExamples", (double) train.length);
    metrics.put("labeledExamples", (double) labeled.length);
    metrics.put("validationExamples", (double) validation.length);
    metrics.put("testExamples", (double) testRows.length);
    if (scaling.target() != null) {
      metrics.putAll(scaling.target().toMetrics());
    }
    return stage.complete(artifacts, metrics);
  }

  /**
   * Examples per training shard: the spec's {@code shardSize}, and never more than {@link #MAX_SHARD_BYTES} of
   * features, so that training holds one bounded shard at a time however wide the examples.
   */
  static int examplesPerShard(int shardSize, int featureCount) {
    return (int) Math.max(1, Math.min(shardSize, MAX_SHARD_BYTES / (4L * featureCount + 4)));
  }

  private static ImageGeometry geometry(ExampleRows images) {
    return new ImageGeometry(images.imageHeight(), images.imageWidth(), images.imageChannels());
  }

  /** {@code rows} of {@code examples} in pieces of at most {@code size}, named {@code <prefix>000}, {@code 001}, .. */
  static Map<String, ArtifactRef> writeShards(StageRun stage, String prefix, ExampleRows examples, int[] rows,
      ExampleScaling scaling, int size) throws IOException {
    return writeShards(stage, prefix, examples, RowOrder.of(rows), scaling, size);
  }

  /** As the method above, for rows given as a view. */
  static Map<String, ArtifactRef> writeShards(StageRun stage, String prefix, ExampleRows examples, RowOrder rows,
      ExampleScaling scaling, int size) throws IOException {
    int shards = (rows.size() + size - 1) / size;
    try (ShardUploads uploads = new ShardUploads(stage)) {
      for (int s = 0; s < shards; s++) {
        String name = String.format("%s%03d", prefix, s);
        uploads.upload(name, writeFile(stage, name, examples,
            rows.slice(s * size, Math.min(rows.size(), (s + 1) * size)), scaling));
      }
      return uploads.finish();
    }
  }

  /** The examples {@code rows}, scaled, as the shard {@code name}; written one example at a time. */
  static ArtifactRef write(StageRun stage, String name, ExampleRows examples, int[] rows,
      ExampleScaling scaling) throws IOException {
    return write(stage, name, examples, RowOrder.of(rows), scaling);
  }

  /** As the method above, for rows given as a view. */
  static ArtifactRef write(StageRun stage, String name, ExampleRows examples, RowOrder rows,
      ExampleScaling scaling) throws IOException {
    Path file = writeFile(stage, name, examples, rows, scaling);
    ArtifactRef ref = stage.upload(name + ".ptds", file, "dataset-shard");
    Files.delete(file);
    return ref;
  }

  /** The shard file {@code name}.ptds in the workspace, written one example at a time. */
  private static Path writeFile(StageRun stage, String name, ExampleRows examples, RowOrder rows,
      ExampleScaling scaling) throws IOException {
    Path file = stage.workspace().resolve(name + ".ptds");
    try (OutputStream out = Files.newOutputStream(file)) {
      ShardWriter shard = new ShardWriter(out, rows.size(), examples.featureCount(), examples.classCount());
      float[] features = new float[examples.featureCount()];
      for (int position = 0; position < rows.size(); position++) {
        int row = rows.row(position);
        float target = scaling.read(examples, row, features);
        if (shard.regression()) {
          shard.add(target, features);
        } else {
          shard.add(examples.label(row), features);
        }
      }
      shard.finish();
    }
    return file;
  }

  private static int[] pick(int[] rows, int[] positions) {
    int[] picked = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      picked[i] = rows[positions[i]];
    }
    return picked;
  }

  private static int[] labelsOf(ExampleRows examples, int[] rows) {
    int[] labels = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      labels[i] = examples.label(rows[i]);
    }
    return labels;
  }

  private static int[] slice(int[] order, int from, int to) {
    return Arrays.copyOfRange(order, from, to);
  }

  /** A seeded draw of the fraction (at least one) of {@code size} examples, for targets that have no classes. */
  static int[] randomSample(int size, double fraction, Random random) {
    int take = Math.min(size, Math.max(1, (int) Math.round(size * fraction)));
    return slice(Permutation.of(size, random), 0, take);
  }

  /**
   * Positions into {@code labels}: the same fraction of every class (at least one each), each class's members
   * shuffled and the pick shuffled again as {@link java.util.Collections#shuffle} does, in int arrays rather than
   * lists of boxed positions, which a training split of millions would not fit.
   */
  static int[] stratifiedSample(int[] labels, int classCount, double fraction, Random random) {
    int[] start = new int[classCount + 1];
    for (int label : labels) {
      start[label + 1]++;
    }
    for (int c = 0; c < classCount; c++) {
      start[c + 1] += start[c];
    }
    int[] byClass = new int[labels.length];
    int[] next = Arrays.copyOf(start, classCount);
    for (int i = 0; i < labels.length; i++) {
      byClass[next[labels[i]]++] = i;
    }
    int[] take = new int[classCount];
    for (int c = 0; c < classCount; c++) {
      int members = start[c + 1] - start[c];
      take[c] = members == 0 ? 0 : Math.min(members, Math.max(1, (int) Math.round(members * fraction)));
    }
    int[] picked = new int[Arrays.stream(take).sum()];
    int count = 0;
    for (int c = 0; c < classCount; c++) {
      if (take[c] > 0) {
        shuffle(byClass, start[c], start[c + 1] - start[c], random);
        System.arraycopy(byClass, start[c], picked, count, take[c]);
        count += take[c];
      }
    }
    shuffle(picked, 0, count, random);
    return picked;
  }

  /** Shuffles {@code length} values from {@code from} exactly as {@code Collections.shuffle} shuffles a list. */
  private static void shuffle(int[] values, int from, int length, Random random) {
    for (int i = length; i > 1; i--) {
      int j = from + random.nextInt(i);
      int t = values[from + i - 1];
      values[from + i - 1] = values[j];
      values[j] = t;
    }
  }
}
