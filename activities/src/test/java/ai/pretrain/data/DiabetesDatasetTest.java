package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scikit-learn's diabetes set as {@code scripts/fetch-data.sh sklearn} puts it, read by its plugin and prepared for
 * regression. The expected values are the files' own (the first and last rows; the target mean 152.133 that
 * scikit-learn's {@code load_diabetes().target.mean()} gives).
 */
class DiabetesDatasetTest {

  private static Path dataRoot;

  @TempDir Path work;

  @BeforeAll
  static void findData() {
    dataRoot = TestData.require("sklearn/" + DiabetesDataset.TARGET_FILE, "sklearn");
  }

  @Test
  void readsFourHundredFortyTwoPatientsWithTenRawMeasurementsAndAContinuousTarget() throws IOException {
    LabeledDataset diabetes = new DatasetCatalog(dataRoot).read("diabetes");

    assertTrue(diabetes.regression());
    assertTrue(diabetes.rawScale());
    assertNull(diabetes.labels());
    assertEquals(0, diabetes.classCount());
    assertEquals(442, diabetes.size());
    assertEquals(10, diabetes.featureCount());
    assertArrayEquals(new float[] {59, 2, 32.1f, 101, 157, 93.2f, 38, 4, 4.8598f, 87},
        Arrays.copyOfRange(diabetes.features(), 0, 10));
    assertArrayEquals(new float[] {36, 1, 19.6f, 71, 250, 133.2f, 97, 3, 4.5951f, 92},
        Arrays.copyOfRange(diabetes.features(), 4410, 4420));
    assertEquals(151f, diabetes.targets()[0]);
    assertEquals(57f, diabetes.targets()[441]);
    double mean = 0;
    for (float target : diabetes.targets()) {
      mean += target / 442.0;
    }
    assertEquals(152.13348416289594, mean, 1e-9);
  }

  @Test
  void saysItIsARegressionBeforeReadingAndItsChecksumCoversBothFiles() throws IOException {
    DiabetesDataset reader = new DiabetesDataset();
    assertTrue(reader.regression());
    assertFalse(reader.images());

    Path copy = work.resolve("data");
    Files.createDirectories(copy.resolve("sklearn"));
    writeGzip(copy.resolve("sklearn").resolve(DiabetesDataset.FEATURES_FILE), "1 2 3 4 5 6 7 8 9 10\n");
    writeGzip(copy.resolve("sklearn").resolve(DiabetesDataset.TARGET_FILE), "1.0\n");
    String before = reader.checksum(copy);
    writeGzip(copy.resolve("sklearn").resolve(DiabetesDataset.TARGET_FILE), "2.0\n");

    assertNotEquals(before, reader.checksum(copy));
  }

  @Test
  void refusesFilesWhoseRowsDoNotLineUpNamingTheFile() throws IOException {
    Path copy = work.resolve("data");
    Files.createDirectories(copy.resolve("sklearn"));
    writeGzip(copy.resolve("sklearn").resolve(DiabetesDataset.FEATURES_FILE), "1 2 3 4 5 6 7 8 9 10\n");
    writeGzip(copy.resolve("sklearn").resolve(DiabetesDataset.TARGET_FILE), "1.0\n2.0\n");
    IOException mismatch = assertThrows(IOException.class, () -> new DiabetesDataset().read(copy));
    assertTrue(mismatch.getMessage().contains("1 rows") && mismatch.getMessage().contains("2 targets"),
        mismatch.getMessage());

    writeGzip(copy.resolve("sklearn").resolve(DiabetesDataset.FEATURES_FILE), "1 2 3\n");
    IOException shortRow = assertThrows(IOException.class, () -> new DiabetesDataset().read(copy));
    assertTrue(shortRow.getMessage().contains(DiabetesDataset.FEATURES_FILE + " row 1: 3 cells, expected 10"),
        shortRow.getMessage());
  }

  @Test
  void dataPrepStandardizesTheTargetWithTheTrainingSplitAndDrawsTheLabeledFractionWithoutClasses()
      throws IOException {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      LocalArtifactStore store = new LocalArtifactStore(work.resolve("store"));
      env.registerActivitiesImplementations(
          new DataPrepActivitiesImpl(new StageRunner(store), new DatasetCatalog(dataRoot)));
      DataPrepActivities prep = env.newActivityStub(DataPrepActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
      PreparedData data = prep.prepareData(new RunContext("run-diabetes", "diabetes-test", 3),
          new DatasetSpec("diabetes"), new PrepSpec(0.2, 0.2, 0.25, 1000));

      ExampleShard train = read(store, data.artifact("train-000"));
      ExampleShard labeled = read(store, data.artifact("labeled"));
      ExampleShard test = read(store, data.artifact("test"));
      assertEquals(0.0, data.metrics().get("classes"));
      assertEquals(442, train.size() + test.size() + read(store, data.artifact("validation")).size());
      assertEquals(Math.round(train.size() * 0.25), labeled.size());
      double[] trainTargets = targets(train);
      assertEquals(0, mean(trainTargets), 1e-5, "standardized training targets' mean");
      assertEquals(1, Math.sqrt(mean(Arrays.stream(trainTargets).map(t -> t * t).toArray())), 1e-5,
          "standardized training targets' deviation");
      TargetStandardization scale = TargetStandardization.fromMetrics(data.metrics());
      assertTrue(scale.mean() > 100 && scale.mean() < 200 && scale.standardDeviation() > 50, scale.toString());
      // the test split keeps its own targets, in the training split's units, so they map back exactly
      double[] original = Arrays.stream(targets(test)).map(scale::toOriginal).toArray();
      for (double target : original) {
        assertEquals(Math.rint(target), target, 1e-3, "diabetes targets are whole numbers");
        assertTrue(target >= 25 && target <= 346, "target " + target + " within the set's range");
      }
      assertTrue(Math.abs(mean(targets(test))) > 1e-3, "the test targets are scaled with the training statistics");
    } finally {
      env.close();
    }
  }

  private static void writeGzip(Path file, String text) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static ExampleShard read(LocalArtifactStore store, ArtifactRef ref) throws IOException {
    try (InputStream in = store.open(ref)) {
      return ExampleShard.read(in);
    }
  }

  private static double[] targets(ExampleShard shard) {
    double[] targets = new double[shard.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = shard.target(i);
    }
    return targets;
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElseThrow();
  }
}
