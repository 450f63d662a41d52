package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.source.MinioSources;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table by URI whose training split is larger than the shard bound (written to the real MinIO server by the test):
 * data prep writes it as a series of bounded shards holding, in order, exactly the examples of the one shard a larger
 * bound gives, and the other splits do not change.
 */
class TableShardingTest {

  private static final RunContext RUN = new RunContext("run-sharding", "table-sharding-test", 13);

  @TempDir Path work;

  private MinioSources minio;
  private SourcePrepEnvironment environment;

  @BeforeEach
  void connect() throws Exception {
    minio = new MinioSources("table-sharding-test");
    environment = new SourcePrepEnvironment(minio);
  }

  @AfterEach
  void close() {
    environment.close();
  }

  @Test
  void aTrainingSplitOverTheBoundIsASeriesOfShardsWithTheSameExamples() throws Exception {
    String uri = minio.put("sharding/table.csv", table(1000));
    DatasetSpec spec = new DatasetSpec(null, uri, null, null, "label", null, null, null, null, null, null, null, null,
        DatasetSpec.MEAN);
    DataPrepActivities activities = environment.activities(work.resolve("store"), work);

    PreparedData whole = activities.prepareData(RUN, spec, new PrepSpec(0.2, 0.2, 0.1, 10_000));
    PreparedData sharded = activities.prepareData(RUN, spec, new PrepSpec(0.2, 0.2, 0.1, 64));

    assertEquals(1, whole.shards(Artifacts.TRAIN_SHARDS).size());
    List<ArtifactRef> series = sharded.shards(Artifacts.TRAIN_SHARDS);
    assertEquals(10, series.size(), "600 training examples in shards of at most 64");
    List<ExampleShard> pieces = new ArrayList<>();
    for (ArtifactRef ref : series) {
      ExampleShard piece = read(ref);
      assertTrue(piece.size() <= 64, "a shard of " + piece.size());
      pieces.add(piece);
    }
    ExampleShard joined = ExampleShard.concat(pieces);
    ExampleShard one = read(whole.shards(Artifacts.TRAIN_SHARDS).get(0));
    assertEquals(one.size(), joined.size());
    float[] expected = new float[one.featureCount()];
    float[] actual = new float[one.featureCount()];
    for (int i = 0; i < one.size(); i++) {
      one.copyFeatures(i, expected, 0);
      joined.copyFeatures(i, actual, 0);
      assertArrayEquals(expected, actual, "example " + i);
      assertEquals(one.label(i), joined.label(i), "example " + i);
    }
    for (String split : List.of(Artifacts.LABELED, Artifacts.VALIDATION, Artifacts.TEST, Artifacts.TEST_EXAMPLES)) {
      assertEquals(whole.artifact(split).sha256(), sharded.artifact(split).sha256(), split);
    }
  }

  @Test
  void aShardHoldsAtMost32MiBOfFeaturesWhateverTheShardSize() {
    assertEquals(2000, DataPrepActivitiesImpl.examplesPerShard(2000, 50));
    assertEquals((32 << 20) / (4 * 51), DataPrepActivitiesImpl.examplesPerShard(10_000_000, 50));
    assertEquals(1, DataPrepActivitiesImpl.examplesPerShard(10, 10_000_000));
  }

  @Test
  void theDefaultShardSizeKeepsALargeTableToTensOfShards() {
    int perShard = DataPrepActivitiesImpl.examplesPerShard(PrepSpec.defaults().shardSize(), 50);
    // bench/data's 2 GiB table: 6.0 million rows of 50 features, 98% of them in the training split
    assertEquals(60, (5_903_134 + perShard - 1) / perShard);
    assertEquals((32 << 20) / (4 * 785), DataPrepActivitiesImpl.examplesPerShard(PrepSpec.defaults().shardSize(), 784),
        "images are bounded by bytes");
  }

  /** Five numeric columns (one with gaps), a categorical one, and a 3-class label. */
  private static byte[] table(int rows) {
    Random random = new Random(5);
    StringBuilder csv = new StringBuilder("a,b,c,d,e,kind,label\n");
    for (int i = 0; i < rows; i++) {
      for (int c = 0; c < 5; c++) {
        csv.append(c == 4 && i % 17 == 3 ? "" : String.format("%.3f", random.nextGaussian() + c)).append(',');
      }
      csv.append(List.of("x", "y", "z", "w").get(random.nextInt(4))).append(',').append(i % 3).append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ExampleShard read(ArtifactRef ref) throws Exception {
    return ExampleShard.read(Path.of(URI.create(ref.uri())));
  }
}
