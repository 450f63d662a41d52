package ai.pretrain.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.pipeline.PipelineResult;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.storage.ArtifactStores;
import ai.pretrain.storage.LocalArtifactStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.WorkerFactory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs through the real Temporal dev server and real MinIO: the iris table uploaded as CSV runs every stage and scores
 * exactly what the built-in iris dataset scores with the same spec and seed; bad data fails the run at data prep,
 * once, naming the file, line and column. The runs use a namespace of their own, so other workers on the shared dev
 * server never take their tasks.
 */
class OwnDataRunTest {

  private static final String NAMESPACE = "pretrain-own-data-test";
  private static final String PREFIX = "own-data-run-test-" + UUID.randomUUID().toString().substring(0, 8) + "/";

  private static final Path SOURCES = Path.of("../activities/src/test/resources/sources");

  @TempDir Path work;

  @Test
  void irisAsCsvScoresExactlyWhatTheBuiltInIrisScores() throws Exception {
    Path dataRoot = dataRoot();
    StringBuilder csv = new StringBuilder("flower,sepal_length,sepal_width,petal_length,petal_width,species\n");
    List<String> rows = Files.readAllLines(dataRoot.resolve("sklearn/iris.csv")).subList(1, 151);
    for (int i = 0; i < rows.size(); i++) {
      csv.append("flower-").append(i).append(',').append(rows.get(i).trim()).append('\n');
    }
    String uri = put("iris.csv", csv.toString());
    Map<String, Double> builtIn = run("{name: iris}", "built-in", work.resolve("store-a")).evaluation().metrics();
    PipelineResult own = run("{uri: '" + uri + "', label: species, id: flower}", "own", work.resolve("store-b"));
    assertEquals(builtIn, own.evaluation().metrics());
    assertTrue(builtIn.get("pretrained.accuracy") > 0.7, builtIn.toString());
    assertTrue(own.stages().get(0).artifacts().containsKey("dataset-card"), own.stages().get(0).artifacts().keySet()
        .toString());

    List<String> predictions = Files.readAllLines(file(own.evaluation().artifacts().get("predictions")));
    assertEquals("id,label,pretrained.prediction,pretrained.p.0,pretrained.p.1,pretrained.p.2,scratch.prediction,"
        + "scratch.p.0,scratch.p.1,scratch.p.2", predictions.get(0));
    assertEquals(30, predictions.size() - 1, "one row per test example");
    assertTrue(predictions.get(1).startsWith("flower-"), predictions.get(1));
    long right = predictions.stream().skip(1).map(line -> line.split(","))
        .filter(cells -> cells[1].equals(cells[2])).count();
    assertEquals(own.evaluation().metrics().get("pretrained.accuracy"), right / 30.0, 1e-9);
    String report = Files.readString(file(own.evaluation().artifacts().get("report-html")));
    assertTrue(report.contains("150 records read from " + uri + " (csv), 0 skipped"), "the report's dataset section");
    // a built-in dataset has no id column: its test examples are named by their rows in the dataset
    List<String> builtInPredictions = Files.readAllLines(file(run("{name: iris}", "built-in-again",
        work.resolve("store-c")).evaluation().artifacts().get("predictions")));
    Set<Integer> rowsInDataset = builtInPredictions.stream().skip(1).map(line -> Integer.parseInt(line.split(",")[0]))
        .collect(Collectors.toSet());
    assertEquals(30, rowsInDataset.size(), "distinct rows");
    assertTrue(rowsInDataset.stream().allMatch(row -> row >= 0 && row < 150), rowsInDataset.toString());
    assertEquals(predictions.stream().skip(1).map(line -> line.split(",")[0].replace("flower-", "")).toList(),
        builtInPredictions.stream().skip(1).map(line -> line.split(",")[0]).toList(),
        "the same split: the CSV's id column names the same rows");
  }

  /** DuckDB's Parquet with nulls, decimals, booleans and dictionary strings, trained and scored end to end. */
  @Test
  void aWarehouseParquetExportWithNullsAndDecimalsRunsEndToEnd() throws Exception {
    String uri = put("types.parquet", Files.readAllBytes(SOURCES.resolve("types-snappy.parquet")));

    PipelineResult result = run("{uri: '" + uri + "', label: label, missing: mean}", "parquet", work.resolve("store"));

    assertTrue(result.evaluation().metrics().get("pretrained.accuracy") > 0.5, result.evaluation().metrics()
        .toString());
    String report = Files.readString(file(result.evaluation().artifacts().get("report-html")));
    assertTrue(report.contains("500 records read from " + uri + " (parquet), 0 skipped"), "the report's dataset");
  }

  /**
   * A bfloat16 BertForSequenceClassification folder with 5 labels (scripts/make-checkpoint-variants.py), fine-tuned
   * on labeled texts by URI in 3 classes: every stage reads the widened weights, and the export is a float32 folder
   * with the dataset's 3 labels.
   */
  @Test
  void aBfloat16TaskCheckpointFineTunesOnThreeClassesAndExportsFloat32() throws Exception {
    Path hf = Path.of("../activities/src/test/resources/hf");
    for (String file : List.of("config.json", "model.safetensors")) {
      put("bf16/" + file, Files.readAllBytes(hf.resolve("variants/bfloat16/" + file)));
    }
    for (String file : List.of("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json")) {
      put("bf16/" + file, Files.readAllBytes(hf.resolve("tiny-bert/" + file)));
    }
    StringBuilder texts = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      texts.append("{\"text\": \"").append(List.of("win a free cruise now", "meeting moved to monday",
          "your invoice is attached").get(i % 3)).append(" \u2728 ").append(i).append("\", \"label\": \"")
          .append(List.of("spam", "work", "billing").get(i % 3)).append("\"}\n");
    }
    String data = put("texts.jsonl", texts.toString());
    String spec = """
        name: own-data-bf16
        seed: 7
        dataset: {uri: '%s', label: label, text: text}
        prep: {validationFraction: 0.2, testFraction: 0.2, labeledFraction: 0.5}
        pretrain:
          from: {uri: 's3://pretrain-artifacts/%sbf16/'}
        fineTune: {epochs: 2, batchSize: 8, learningRate: 0.001, maxSequenceLength: 16}
        evaluate: {baselines: [scratch]}
        """.formatted(data, PREFIX);

    PipelineResult result = runSpec(spec, "bf16", work.resolve("store"));

    assertTrue(result.evaluation().metrics().containsKey("pretrained.accuracy"), result.evaluation().metrics()
        .toString());
    var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        file(result.evaluation().artifacts().get("huggingface-config.json")).toFile());
    assertEquals("float32", config.get("dtype").asText());
    assertEquals("billing", config.get("id2label").get("0").asText());
    assertEquals(3, config.get("id2label").size());
  }

  @Test
  void badDataFailsTheRunAtDataPrepOnceNamingFileLineAndColumn() throws Exception {
    String uri = put("bad.csv", "a,b,y\n1,2,3.5\n3,4,high\n");
    WorkflowFailedException failed = assertThrows(WorkflowFailedException.class,
        () -> run("{uri: '" + uri + "', label: y, task: regression}", "bad", work.resolve("store")));
    ActivityFailure activity = assertInstanceOf(ActivityFailure.class, failed.getCause());
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, activity.getCause());
    assertEquals("BadData", cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(cause.getOriginalMessage().startsWith(uri + ", line 3, column 'y': 'high' is not a number"),
        cause.getOriginalMessage());
  }

  @Test
  void colourImagesOfAnotherShapeThanSquareTrainTheResidualCnnContrastivelyAndTheMlpAsAnAutoencoder()
      throws Exception {
    String uri = putShapes("shapes/", 240);
    String dataset = "{uri: '" + uri + "', format: imagefolder, image: {width: 20, height: 12, channels: 3}}";
    String fineTune = "{epochs: 6, batchSize: 16, learningRate: 0.003, patience: 6, augmentations: "
        + "[{name: flip, probability: 0.5}, {name: shift, magnitude: 1, probability: 0.5}, {name: brightness}]}";
    PipelineResult cnn = runSpec("""
        name: colour-shapes
        seed: 7
        dataset: %s
        prep: {validationFraction: 0.2, testFraction: 0.2, labeledFraction: 0.5}
        pretrain: {objective: contrastive, architecture: residual-cnn, channels: [8, 16], latentUnits: 16,
          epochs: 1, batchSize: 32, maxBatchesPerEpoch: 2}
        fineTune: %s
        evaluate: {baselines: [scratch]}
        """.formatted(dataset, fineTune), "shapes-cnn", work.resolve("store-cnn"));
    Map<String, Double> data = cnn.stages().get(0).metrics();
    assertEquals(List.of(12.0, 20.0, 3.0, 720.0), List.of(data.get("imageHeight"), data.get("imageWidth"),
        data.get("imageChannels"), data.get("features")), data.toString());
    assertTrue(cnn.evaluation().metrics().get("pretrained.accuracy") > 0.6, cnn.evaluation().metrics().toString());

    PipelineResult mlp = runSpec("""
        name: colour-shapes
        seed: 7
        dataset: %s
        prep: {validationFraction: 0.2, testFraction: 0.2, labeledFraction: 0.5}
        pretrain: {hiddenUnits: [32], latentUnits: 16, epochs: 1, batchSize: 32, maxBatchesPerEpoch: 2}
        fineTune: %s
        evaluate: {baselines: [scratch]}
        """.formatted(dataset, fineTune), "shapes-mlp", work.resolve("store-mlp"));
    assertTrue(mlp.evaluation().metrics().get("pretrained.accuracy") > 0.6, mlp.evaluation().metrics().toString());
  }

  /**
   * {@code count} PNGs of three classes under {@code folder}: a red disc, a green bar, a blue triangle, each at a
   * drawn place and shade on a dark noisy ground, 20x12 pixels (every fifth 40x24, which data prep resizes).
   */
  /**
   * Bright 64x64 grey images (4,096 pixels of mean about 0.75), the denoising autoencoder at its default rate: read
   * as they are, the first Adam steps pushed most of the MLP's ReLU units to 0 for every image, and fine-tuning from
   * that code sat near chance while the scratch baseline learned. Standardized per channel, it keeps its units.
   */
  @Test
  void largeBrightImagesAreStandardizedSoTheMlpAutoencoderLearnsAndTheExportSaysSo() throws Exception {
    String uri = putShapes("bright/", 240, 200);
    PipelineResult mlp = runSpec("""
        name: bright-shapes
        seed: 7
        dataset: {uri: '%s', format: imagefolder, image: {width: 64, height: 64, channels: 1}}
        prep: {validationFraction: 0.2, testFraction: 0.2, labeledFraction: 0.3}
        pretrain: {hiddenUnits: [256], latentUnits: 64, epochs: 5, batchSize: 32}
        adapt: {freezeEncoder: true}
        fineTune: {epochs: 15, batchSize: 16, learningRate: 0.003, patience: 15}
        evaluate: {baselines: [scratch]}
        """.formatted(uri), "bright-mlp", work.resolve("store-bright"));
    Map<String, Double> data = mlp.stages().get(0).metrics();
    assertTrue(data.get("pixelMean.0") > 0.6, "data prep records the training split's pixel statistics: " + data);
    Map<String, Double> metrics = mlp.evaluation().metrics();
    // before: 0.71 for the pretrained code (its encoder kept few units) and 0.56 for the scratch baseline's
    assertTrue(metrics.get("pretrained.accuracy") > 0.7, metrics.toString());
    var card = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        file(mlp.evaluation().artifacts().get("model-card")).toFile());
    assertEquals("standardizeChannels", card.get("network").get(0).get("op").asText(), "the export says so");
    assertEquals(data.get("pixelMean.0"), card.get("network").get(0).get("mean").get(0).asDouble());
  }

  private static String putShapes(String folder, int count) throws Exception {
    return putShapes(folder, count, 0);
  }

  /** {@code count} PNGs of three shapes on a noisy ground of grey {@code ground} to {@code ground + 39}. */
  private static String putShapes(String folder, int count, int ground) throws Exception {
    Random random = new Random(11);
    String[] classes = {"disc", "bar", "triangle"};
    for (int i = 0; i < count; i++) {
      int scale = i % 5 == 0 ? 2 : 1;
      BufferedImage image = new BufferedImage(20 * scale, 12 * scale, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          int grey = ground + random.nextInt(40);
          image.setRGB(x, y, grey << 16 | grey << 8 | grey);
        }
      }
      Graphics2D pen = image.createGraphics();
      pen.scale(scale, scale);
      int shade = 160 + random.nextInt(96);
      int x = 2 + random.nextInt(8);
      int y = 1 + random.nextInt(3);
      switch (i % 3) {
        case 0 -> {
          pen.setColor(new Color(shade, 30, 30));
          pen.fillOval(x, y, 8, 8);
        }
        case 1 -> {
          pen.setColor(new Color(30, shade, 30));
          pen.fillRect(x, y + 3, 10, 3);
        }
        default -> {
          pen.setColor(new Color(30, 30, shade));
          pen.fillPolygon(new int[] {x, x + 8, x + 4}, new int[] {y + 8, y + 8, y}, 3);
        }
      }
      pen.dispose();
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image, "png", png);
      put(folder + classes[i % 3] + "/" + String.format("%04d.png", i), png.toByteArray());
    }
    return "s3://pretrain-artifacts/" + PREFIX + folder;
  }

  private PipelineResult run(String dataset, String id, Path store) throws Exception {
    String spec = """
        name: own-data
        seed: 7
        dataset: %s
        prep: {validationFraction: 0.2, testFraction: 0.2, labeledFraction: 0.3}
        pretrain: {hiddenUnits: [16], latentUnits: 8, corruption: gaussian, epochs: 5, batchSize: 16}
        fineTune: {epochs: 10, batchSize: 8, learningRate: 0.003, patience: 10}
        evaluate: {baselines: [scratch]}
        """.formatted(dataset);
    return runSpec(spec, id, store);
  }

  private PipelineResult runSpec(String spec, String id, Path store) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_ADDRESS", required("TEMPORAL_ADDRESS"));
    env.put("TEMPORAL_NAMESPACE", NAMESPACE);
    env.put("WORKER_METRICS_PORT", "0");
    env.put("PRETRAIN_DATA_ROOT", dataRoot().toString());
    WorkerConfig config = WorkerConfig.fromEnvironment(env);
    try (TemporalConnection connection = new TemporalConnection(config, new SimpleMeterRegistry())) {
      ensureNamespace(connection);
      WorkflowClient client = WorkflowClient.newInstance(connection.service(),
          WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
      WorkerFactory factory = PipelineWorker.start(client, config, new LocalArtifactStore(store));
      try {
        return client.newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
            .setTaskQueue(TaskQueues.CPU)
            .setWorkflowId("own-data-" + id + "-" + UUID.randomUUID().toString().substring(0, 8))
            .build()).run(new SpecParser().parse(spec));
      } finally {
        factory.shutdownNow();
      }
    }
  }

  private static Path file(ai.pretrain.artifact.ArtifactRef ref) {
    return Path.of(java.net.URI.create(ref.uri()));
  }

  private static void ensureNamespace(TemporalConnection connection) throws InterruptedException {
    var stub = connection.service().blockingStub();
    try {
      stub.describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(NAMESPACE).build());
    } catch (io.grpc.StatusRuntimeException missing) {
      stub.registerNamespace(RegisterNamespaceRequest.newBuilder().setNamespace(NAMESPACE)
          .setWorkflowExecutionRetentionPeriod(com.google.protobuf.Duration.newBuilder().setSeconds(86_400)).build());
      // the dev server takes a moment to serve a new namespace
      for (int i = 0; i < 50; i++) {
        try {
          stub.describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(NAMESPACE).build());
          Thread.sleep(2000);
          return;
        } catch (io.grpc.StatusRuntimeException notYet) {
          Thread.sleep(200);
        }
      }
    }
  }

  private static String put(String name, String content) throws Exception {
    return put(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private static String put(String name, byte[] bytes) throws Exception {
    MinioClient minio = ArtifactStores.s3Client(Map.of(ArtifactStores.S3_ENDPOINT, required("S3_ENDPOINT"),
        ArtifactStores.S3_ACCESS_KEY, required("S3_ACCESS_KEY"), ArtifactStores.S3_SECRET_KEY,
        required("S3_SECRET_KEY")));
    minio.putObject(PutObjectArgs.builder().bucket("pretrain-artifacts").object(PREFIX + name)
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    return "s3://pretrain-artifacts/" + PREFIX + name;
  }

  private static Path dataRoot() {
    Path root = Path.of(System.getenv().getOrDefault("PRETRAIN_DATA_ROOT",
        System.getProperty("user.home") + "/.cache/pretrain/data"));
    if (!Files.isRegularFile(root.resolve("sklearn/iris.csv"))) {
      fail("sklearn/iris.csv is not in " + root + "; run scripts/fetch-data.sh sklearn");
    }
    return root;
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      fail(name + " is not set: this test needs the real Temporal dev server and MinIO. Run `scripts/services.sh "
          + "start` and `source .run/services.env` first.");
    }
    return value;
  }
}
