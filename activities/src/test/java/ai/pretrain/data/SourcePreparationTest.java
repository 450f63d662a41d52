package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.source.DatasetCard;
import ai.pretrain.source.MinioSources;
import ai.pretrain.source.SourceFiles;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SourceSpec;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data prep of the user's own data, uploaded by the test to the real MinIO server: the same table as CSV, JSON Lines
 * and Parquet gives byte-identical shards to the built-in reader with the same seed (so every later number is the
 * same), and each kind of bad data fails without retries saying file, place, column and reason.
 */
class SourcePreparationTest {

  private static final List<String> IRIS_COLUMNS = List.of("sepal_length", "sepal_width", "petal_length",
      "petal_width");
  private static final PrepSpec PREP = new PrepSpec(0.2, 0.2, 0.3, 50);

  @TempDir Path work;

  private MinioSources minio;
  private Path dataRoot;
  private SourcePrepEnvironment environment;

  @BeforeEach
  void connect() throws Exception {
    minio = new MinioSources("source-preparation-test");
    dataRoot = TestData.require("sklearn/iris.csv", "sklearn");
    environment = new SourcePrepEnvironment(minio);
  }

  @AfterEach
  void close() {
    environment.close();
  }

  @Test
  void irisAsCsvJsonlAndParquetGivesTheBuiltInIrisShards() throws Exception {
    LabeledDataset iris = new IrisDataset().read(dataRoot);
    DataPrepActivities activities = activities("store");
    Map<String, String> builtIn = SourcePrepEnvironment.shardHashes(activities.prepareData(run(11), new DatasetSpec("iris"), PREP));

    // a spreadsheet's export, with a UTF-8 byte order mark before the header
    byte[] withMark = SourceFiles.csv(iris, IRIS_COLUMNS, "species");
    byte[] exported = new byte[withMark.length + 3];
    exported[0] = (byte) 0xef;
    exported[1] = (byte) 0xbb;
    exported[2] = (byte) 0xbf;
    System.arraycopy(withMark, 0, exported, 3, withMark.length);
    String csv = minio.put("iris.csv", exported);
    String jsonl = minio.put("iris.jsonl.gz", SourceFiles.gzip(SourceFiles.jsonl(iris, IRIS_COLUMNS, "species")));
    String parquet = minio.put("iris.parquet", SourceFiles.parquet(iris, IRIS_COLUMNS, "species", work));
    // tab-separated, as pandas' to_csv(sep="\t") writes it, by its name
    String tsv = minio.put("iris.tsv.gz", SourceFiles.gzip(new String(withMark, StandardCharsets.UTF_8)
        .replace(',', '\t').getBytes(StandardCharsets.UTF_8)));
    for (String uri : List.of(csv, jsonl, parquet, tsv)) {
      PreparedData result = activities.prepareData(run(11), table(uri, "species"), PREP);
      Map<String, String> shards = SourcePrepEnvironment.shardHashes(result);
      assertEquals(builtIn, shards, uri);
      DatasetCard card = card(result);
      assertEquals(150, card.recordsRead());
      assertEquals(Map.of("0", 50L, "1", 50L, "2", 50L), card.classes());
      assertEquals(4, card.features().size());
      assertEquals(4.3, card.features().get(0).min(), 0.0, "the float32 cell as written, not 4.300000190734863");
      assertEquals(uri, card.sources().get(0).uri());
    }
  }

  @Test
  void aChangedObjectIsACacheMissThatSaysTheSourceChanged() throws Exception {
    LabeledDataset iris = new IrisDataset().read(dataRoot);
    String uri = minio.put("changing.csv", SourceFiles.csv(iris, IRIS_COLUMNS, "species"));
    DataPrepActivities activities = activities("store");
    PreparedData first = activities.prepareData(run(3), table(uri, "species"), PREP);
    assertTrue(activities.prepareData(run(3), table(uri, "species"), PREP).cacheHit());

    byte[] changed = SourceFiles.csv(iris, IRIS_COLUMNS, "species");
    changed[changed.length - 2] = '1';
    minio.put("changing.csv", changed);
    PreparedData second = activities.prepareData(run(3), table(uri, "species"), PREP);
    assertFalse(second.cacheHit());
    assertTrue(second.cacheNote().contains("config source.etag (" + card(first).sources().get(0).etag()),
        second.cacheNote());
  }

  @Test
  void aFixedTestSetIsTheTestSplitAndTheRestSplitsIntoTrainingAndValidation() throws Exception {
    LabeledDataset iris = new IrisDataset().read(dataRoot);
    byte[] all = SourceFiles.csv(iris, IRIS_COLUMNS, "species");
    String text = new String(all, StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    String header = lines.get(0);
    StringBuilder train = new StringBuilder(header + "\n");
    StringBuilder test = new StringBuilder(header + "\n");
    for (int i = 1; i < lines.size(); i++) {
      (i % 5 == 0 ? test : train).append(lines.get(i)).append('\n');
    }
    String trainUri = minio.put("split/train.csv", train.toString().getBytes(StandardCharsets.UTF_8));
    String testUri = minio.put("split/holdout.csv", test.toString().getBytes(StandardCharsets.UTF_8));
    DatasetSpec spec = new DatasetSpec(null, trainUri, null, null, "species", null, null, null, null,
        SourceSpec.at(testUri, null, null), null, null, null, null);
    PreparedData result = activities("store").prepareData(run(5), spec, PREP);
    assertEquals(30.0, result.metrics().get("testExamples"));
    assertEquals(24.0, result.metrics().get("validationExamples"));
    assertEquals(96.0, result.metrics().get("trainExamples"));
    assertEquals(testUri, card(result).testUri());
  }

  @Test
  void aSeparateUnlabeledSetBecomesThePretrainingShards() throws Exception {
    LabeledDataset iris = new IrisDataset().read(dataRoot);
    String labeled = minio.put("pretrain/labeled.csv", SourceFiles.csv(iris, IRIS_COLUMNS, "species"));
    StringBuilder unlabeled = new StringBuilder(String.join(",", IRIS_COLUMNS) + "\n");
    for (int i = 0; i < 300; i++) {
      unlabeled.append(5 + i % 3).append(',').append(3).append(',').append(1 + i % 5).append(',').append(0.5)
          .append('\n');
    }
    String data = minio.put("pretrain/unlabeled.csv", unlabeled.toString().getBytes(StandardCharsets.UTF_8));
    PretrainSpec pretrain = new PretrainSpec(null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, SourceSpec.at(data, null, null));
    PreparedData result = activities("store").prepareWithPretrainingData(run(5), table(labeled, "species"), PREP,
        pretrain);
    assertEquals(List.of("pretrain-000", "pretrain-001", "pretrain-002", "pretrain-003", "pretrain-004",
        "pretrain-005"), result.artifacts().keySet().stream().filter(k -> k.startsWith("pretrain-")).sorted().toList());
    assertEquals(result.artifact("pretrain-000"), result.pretrainingShards().get(0));
    assertEquals(6, result.pretrainingShards().size());
  }

  @Test
  void badDataFailsWithoutRetryNamingFilePlaceColumnAndReason() throws Exception {
    LabeledDataset iris = new IrisDataset().read(dataRoot);
    byte[] csv = SourceFiles.csv(iris, IRIS_COLUMNS, "species");
    byte[] gzip = SourceFiles.gzip(csv);
    String truncated = minio.put("bad/truncated.csv.gz", Arrays.copyOf(gzip, gzip.length / 2));
    assertBadData(table(truncated, "species"), truncated + ": the gzip stream ends early: the file is truncated");

    String empty = minio.put("bad/empty.csv", new byte[0]);
    assertBadData(table(empty, "species"), empty + ": is empty");

    String text = "a,b,y\n1,2,x\n3,4,x\n";
    String oneClass = minio.put("bad/one-class.csv", text.getBytes(StandardCharsets.UTF_8));
    assertBadData(table(oneClass, "y"), "label column 'y' has one class ('x'); classification needs at least two");

    String target = minio.put("bad/target.csv", "a,b,y\n1,2,3.5\n3,4,high\n".getBytes(StandardCharsets.UTF_8));
    DatasetSpec regression = new DatasetSpec(null, target, null, DatasetSpec.REGRESSION, "y", null, null, null, null,
        null, null, null, null, null);
    assertBadData(regression, target + ", line 3, column 'y': 'high' is not a number, and task: regression needs a "
        + "numeric target");

    String numbers = minio.put("bad/number.csv", "a,b,y\n1,2,p\n3,oops,q\n".getBytes(StandardCharsets.UTF_8));
    assertBadData(table(numbers, "y"), numbers + ", line 3, column 'b': 'oops' is not a number, and the column is "
        + "numeric (its first value, line 2, is)");

    assertBadData(table(numbers, "label"),
        numbers + ": has no column 'label' (dataset.label); its columns are a, b, y");

    String parquetNamedCsv = minio.put("bad/really.csv", SourceFiles.parquet(iris, IRIS_COLUMNS, "species", work));
    assertBadData(table(parquetNamedCsv, "species"), "is a Parquet file, not csv; set dataset.format: parquet");

    assertFailure(table(minio.uri("bad/none.csv"), "y"), "SourceMissing", minio.uri("bad/none.csv")
        + " does not exist");
    assertFailure(table("s3://not-allowed/x.csv", "y"), "SourceRefused", "bucket 'not-allowed' is not one");
  }

  @Test
  void skippedRecordsAreCountedAndTooManyFail() throws Exception {
    StringBuilder csv = new StringBuilder("a,b,y\n");
    for (int i = 0; i < 200; i++) {
      csv.append(i).append(',').append(i % 7).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
    }
    csv.append("1,two,odd\n");
    csv.append("1,2\n");
    String uri = minio.put("skip/some-bad.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    DatasetSpec skip = new DatasetSpec(null, uri, null, null, "y", null, null, null, null, null, DatasetSpec.SKIP,
        0.02, null, null);
    PreparedData result = activities("store").prepareData(run(1), skip, PREP);
    DatasetCard card = card(result);
    assertEquals(202, card.recordsRead());
    assertEquals(2, card.recordsSkipped());
    assertTrue(card.skipped().get(0).contains("line 202, column 'b': 'two' is not a number"), card.skipped().get(0));
    assertTrue(card.skipped().get(1).contains("line 203: has 2 cells and the header has 3"), card.skipped().get(1));
    assertEquals(200.0, result.metrics().get("trainExamples") + result.metrics().get("validationExamples")
        + result.metrics().get("testExamples"));

    DatasetSpec strict = new DatasetSpec(null, uri, null, null, "y", null, null, null, null, null, DatasetSpec.SKIP,
        0.005, null, null);
    assertBadData(strict, "2 of 202 records are bad, more than maxBadFraction (0.005) allows");
  }

  @Test
  void stringFeaturesAreOneHotAndMissingNumbersTakeTheTrainingMean() throws Exception {
    StringBuilder csv = new StringBuilder("id,tenure,contract,churned\n");
    for (int i = 0; i < 100; i++) {
      csv.append("c").append(i).append(',').append(i % 10 == 0 ? "" : Integer.toString(i)).append(',')
          .append(List.of("monthly", "yearly", "two-year").get(i % 3)).append(',').append(i % 4 == 0).append('\n');
    }
    String uri = minio.put("encode/churn.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    DatasetSpec spec = new DatasetSpec(null, uri, null, null, "churned", null, null, "id", null, null, null, null,
        null, DatasetSpec.MEAN);
    PreparedData result = activities("store").prepareData(run(2), spec, PREP);
    assertEquals(4.0, result.metrics().get("features"), "tenure and three one-hot contract columns");
    DatasetCard card = card(result);
    assertEquals(List.of("monthly", "two-year", "yearly"), card.features().get(1).categories());
    assertEquals(10, card.features().get(0).missing());
    ExampleShard test = ExampleShard.read(stageFile(result, "test"));
    float[] row = new float[4];
    for (int i = 0; i < test.size(); i++) {
      test.copyFeatures(i, row, 0);
      assertTrue(Float.isFinite(row[0]), "missing tenure was filled");
    }

    DatasetSpec failing = new DatasetSpec(null, uri, null, null, "churned", null, null, "id", null, null, null, null,
        null, null);
    assertBadData(failing, uri + ", line 2, column 'tenure': is missing; fill it in, or set missing: mean");
    DatasetSpec capped = new DatasetSpec(null, uri, null, null, "churned", List.of("contract"), null, null, null,
        null, null, null, 2, null);
    assertBadData(capped, "column 'contract' has 3 distinct values, more than maxCategories (2)");
  }

  private void assertBadData(DatasetSpec spec, String expected) {
    assertFailure(spec, "BadData", expected);
  }

  private void assertFailure(DatasetSpec spec, String type, String expected) {
    ActivityFailure failure = assertThrows(ActivityFailure.class,
        () -> activities("store-failing").prepareData(run(1), spec, PREP));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.isNonRetryable(), cause.getOriginalMessage());
    assertEquals(type, cause.getType(), cause.getOriginalMessage());
    assertTrue(cause.getOriginalMessage().contains(expected), cause.getOriginalMessage());
  }

  private static DatasetSpec table(String uri, String label) {
    return new DatasetSpec(null, uri, null, null, label, null, null, null, null, null, null, null, null, null);
  }

  private DataPrepActivities activities(String storeName) {
    return environment.activities(work.resolve(storeName), dataRoot);
  }

  private static RunContext run(long seed) {
    return new RunContext("run-" + seed, "source-preparation-test", seed);
  }


  private static Path stageFile(PreparedData result, String name) {
    return Path.of(java.net.URI.create(result.artifact(name).uri()));
  }

  private static DatasetCard card(PreparedData result) throws Exception {
    try (InputStream in = Files.newInputStream(stageFile(result, Artifacts.DATASET_CARD))) {
      return DatasetCard.fromJson(in.readAllBytes());
    }
  }
}
