package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scikit-learn tables Debian ships, read by their plugins and prepared, as {@code scripts/fetch-data.sh} puts them. */
class TabularDatasetTest {

  private static Path dataRoot;

  @TempDir Path work;

  @BeforeAll
  static void findData() {
    dataRoot = TestData.require("sklearn/wine_data.csv", "sklearn");
  }

  @Test
  void eachTableHasScikitLearnsShapeAndClassCounts() throws IOException {
    DatasetCatalog catalog = new DatasetCatalog(dataRoot);
    assertShape(catalog.read("wine"), 178, 13, new int[] {59, 71, 48});
    assertShape(catalog.read("iris"), 150, 4, new int[] {50, 50, 50});
    assertShape(catalog.read("breast-cancer"), 569, 30, new int[] {212, 357});
    LabeledDataset wine = catalog.read("wine");
    assertEquals(14.23f, wine.features()[0], "wine's first alcohol value");
    assertEquals(1065f, wine.features()[12], "wine's first proline value");
  }

  @Test
  void dataPrepStandardizesATableWithTheTrainingSplitsStatisticsOnly() throws IOException {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      LocalArtifactStore store = new LocalArtifactStore(work.resolve("store"));
      env.registerActivitiesImplementations(
          new DataPrepActivitiesImpl(new StageRunner(store), new DatasetCatalog(dataRoot)));
      DataPrepActivities prep = env.newActivityStub(DataPrepActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
      PreparedData data = prep.prepareData(new RunContext("run-wine", "wine-test", 3), new DatasetSpec("wine"),
          new PrepSpec(0.2, 0.2, 0.5, 1000));

      ExampleShard train = read(store, data.artifact("train-000"));
      ExampleShard test = read(store, data.artifact("test"));
      assertEquals(13.0, data.metrics().get("features"));
      assertEquals(0.0, data.metrics().get(PreparedData.IMAGE_HEIGHT));
      assertEquals(178, train.size() + test.size() + read(store, data.artifact("validation")).size());
      for (int j = 0; j < 13; j++) {
        double[] column = column(train, j);
        assertEquals(0, mean(column), 1e-4, "training column " + j + " mean");
        assertEquals(1, Math.sqrt(mean(Arrays.stream(column).map(v -> v * v).toArray())), 1e-4,
            "training column " + j + " deviation");
      }
      double testMean = Math.abs(mean(column(test, 12)));
      assertTrue(testMean > 1e-3, "the test split is scaled with the training statistics, not its own: " + testMean);
    } finally {
      env.close();
    }
  }

  private static void assertShape(LabeledDataset table, int rows, int features, int[] perClass) {
    assertEquals(rows, table.size());
    assertEquals(features, table.featureCount());
    assertEquals(perClass.length, table.classCount());
    int[] counts = new int[perClass.length];
    Arrays.stream(table.labels()).forEach(label -> counts[label]++);
    assertEquals(Arrays.toString(perClass), Arrays.toString(counts));
    assertTrue(table.rawScale());
  }

  private static ExampleShard read(LocalArtifactStore store, ArtifactRef ref) throws IOException {
    try (InputStream in = store.open(ref)) {
      return ExampleShard.read(in);
    }
  }

  private static double[] column(ExampleShard shard, int j) {
    float[] row = new float[shard.featureCount()];
    double[] column = new double[shard.size()];
    for (int i = 0; i < shard.size(); i++) {
      shard.copyFeatures(i, row, 0);
      column[i] = row[j];
    }
    return column;
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElseThrow();
  }
}
