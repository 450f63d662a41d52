package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.cache.StageRun;
import ai.pretrain.cache.StageRunner;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import io.temporal.activity.Activity;
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
 * Splits a dataset (read by its reader plugin) into seeded train/validation/test shards and a stratified labeled
 * subset; a table's features are standardized with the training split's statistics.
 */
public class DataPrepActivitiesImpl implements DataPrepActivities {

  /** Metrics of the prepared data that give an image's geometry (0 for a table), for the augmentations. */
  public static final String IMAGE_HEIGHT = "imageHeight";
  public static final String IMAGE_WIDTH = "imageWidth";

  private final StageRunner stages;
  private final DatasetCatalog datasets;

  public DataPrepActivitiesImpl(StageRunner stages, DatasetCatalog datasets) {
    this.stages = stages;
    this.datasets = datasets;
  }

  @Override
  public StageResult prepareData(RunContext run, DatasetSpec dataset, PrepSpec prep) {
    ArtifactRef raw;
    try {
      raw = new ArtifactRef("dataset:" + dataset.name(), datasets.checksum(dataset.name()), 0, "raw-dataset");
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
    Map<String, Object> config = Map.of("dataset", dataset, "prep", prep, "seed", run.seed());
    return stages.run(run, Stages.PREPARE_DATA, config, List.of(raw),
        stage -> split(stage, datasets.read(dataset.name()), prep, run.seed()));
  }

  private static StageResult split(StageRun stage, LabeledDataset dataset, PrepSpec prep, long seed)
      throws IOException {
    ExampleShard all = new ExampleShard(dataset.features(), dataset.labels(), dataset.featureCount(),
        dataset.classCount());
    int[] order = Permutation.of(all.size(), new Random(seed));
    int testCount = (int) Math.round(all.size() * prep.testFraction());
    int validationCount = (int) Math.round(all.size() * prep.validationFraction());
    ExampleShard test = all.select(slice(order, 0, testCount));
    ExampleShard validation = all.select(slice(order, testCount, testCount + validationCount));
    ExampleShard train = all.select(slice(order, testCount + validationCount, all.size()));
    if (dataset.rawScale()) {
      Standardization standardization = Standardization.fit(train);
      test = standardization.apply(test);
      validation = standardization.apply(validation);
      train = standardization.apply(train);
    }
    ExampleShard labeled = train.select(stratifiedSample(train, prep.labeledFraction(), new Random(seed + 1)));

    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    int shards = (train.size() + prep.shardSize() - 1) / prep.shardSize();
    for (int s = 0; s < shards; s++) {
      int from = s * prep.shardSize();
      int to = Math.min(train.size(), from + prep.shardSize());
      String name = String.format("train-%03d", s);
      artifacts.put(name, write(stage, name, train.select(IntStream.range(from, to).toArray())));
    }
    artifacts.put("labeled", write(stage, "labeled", labeled));
    artifacts.put("validation", write(stage, "validation", validation));
    artifacts.put("test", write(stage, "test", test));

    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("features", (double) all.featureCount());
    metrics.put("classes", (double) all.classCount());
    metrics.put(IMAGE_HEIGHT, (double) dataset.imageHeight());
    metrics.put(IMAGE_WIDTH, (double) dataset.imageWidth());
    metrics.put("trainExamples", (double) train.size());
    metrics.put("labeledExamples", (double) labeled.size());
    metrics.put("validationExamples", (double) validation.size());
    metrics.put("testExamples", (double) test.size());
    return stage.complete(artifacts, metrics);
  }

  private static ArtifactRef write(StageRun stage, String name, ExampleShard shard) throws IOException {
    Path file = stage.workspace().resolve(name + ".ptds");
    shard.write(file);
    ArtifactRef ref = stage.upload(name + ".ptds", file, "dataset-shard");
    Files.delete(file);
    return ref;
  }

  private static int[] slice(int[] order, int from, int to) {
    return java.util.Arrays.copyOfRange(order, from, to);
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
