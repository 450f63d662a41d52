package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.cache.StageRunner;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.source.MinioSources;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.source.SourceFiles;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.ImageSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.storage.LocalArtifactStore;
import ai.pretrain.storage.SourceObjects;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MNIST re-encoded as the files users upload, in the real MinIO server: IDX files (gzip'ed) and an image folder of
 * PNGs give byte-identical shards to the built-in {@code mnist} reader with the same seed. The npm digits hold pixels
 * rounded to three decimals, which 8-bit files cannot carry, so the built-in reader here reads the same digits
 * quantized to 255ths from a data root of the test's own (every pixel moves by at most 0.5/255).
 */
class ImageSourcesTest {

  private static final PrepSpec PREP = new PrepSpec(0.1, 0.1, 0.05, 2000);

  @TempDir Path work;

  private MinioSources minio;
  private Path dataRoot;
  private final List<TestActivityEnvironment> environments = new ArrayList<>();

  @BeforeEach
  void connect() throws Exception {
    minio = new MinioSources("image-sources-test");
    Path fetched = TestData.require("mnist/mnist.ptds", "mnist");
    LabeledDataset mnist = new MnistDataset().read(fetched);
    float[] quantized = new float[mnist.features().length];
    for (int i = 0; i < quantized.length; i++) {
      quantized[i] = (float) (Math.round(mnist.features()[i] * 255) / 255.0);
    }
    dataRoot = work.resolve("quantized");
    Path dir = Files.createDirectories(dataRoot.resolve("mnist"));
    new ExampleShard(quantized, mnist.labels(), 784, 10).write(dir.resolve("mnist.ptds"));
    Files.writeString(dir.resolve("mnist.ptds.sha256"), "quantized  mnist.ptds\n");
  }

  @AfterEach
  void close() {
    environments.forEach(TestActivityEnvironment::close);
  }

  @Test
  void mnistAsIdxFilesGivesTheBuiltInMnistShards() throws Exception {
    LabeledDataset mnist = new MnistDataset().read(dataRoot);
    minio.put("idx/train-images-idx3-ubyte.gz", SourceFiles.gzip(idxImages(mnist, 0, mnist.size())));
    minio.put("idx/train-labels-idx1-ubyte.gz", SourceFiles.gzip(idxLabels(mnist, 0, mnist.size())));
    DataPrepActivities activities = activities(dataRoot);
    Map<String, String> builtIn = hashes(activities.prepareData(run(), new DatasetSpec("mnist"), PREP));
    StageResult idx = activities.prepareData(run(), images(minio.uri("idx/"), DatasetSpec.IDX, null), PREP);
    assertEquals(builtIn, hashes(idx));
    assertEquals(28.0, idx.metrics().get("imageHeight"));

    // train- and t10k- files: the second is the fixed test set
    minio.put("idx2/train-images-idx3-ubyte", idxImages(mnist, 0, 8000));
    minio.put("idx2/train-labels-idx1-ubyte", idxLabels(mnist, 0, 8000));
    minio.put("idx2/t10k-images-idx3-ubyte", idxImages(mnist, 8000, 10000));
    minio.put("idx2/t10k-labels-idx1-ubyte", idxLabels(mnist, 8000, 10000));
    StageResult split = activities.prepareData(run(), images(minio.uri("idx2/"), DatasetSpec.IDX, null), PREP);
    assertEquals(2000.0, split.metrics().get("testExamples"));
    assertEquals(800.0, split.metrics().get("validationExamples"));
  }

  @Test
  void mnistAsAFolderOfPngsGivesTheBuiltInMnistShards() throws Exception {
    LabeledDataset mnist = new MnistDataset().read(dataRoot);
    // every tenth digit, so all classes are there; the built-in reader reads the same digits from a data root
    int count = mnist.size() / 10;
    float[] features = new float[count * 784];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      System.arraycopy(mnist.features(), i * 10 * 784, features, i * 784, 784);
      labels[i] = mnist.labels()[i * 10];
      minio.put(String.format("png/%d/%05d.png", labels[i], i), png(features, i));
    }
    Path subset = Files.createDirectories(work.resolve("data/mnist"));
    new ExampleShard(features, labels, 784, 10).write(subset.resolve("mnist.ptds"));
    Files.writeString(subset.resolve("mnist.ptds.sha256"), "subset  mnist.ptds\n");
    DataPrepActivities activities = activities(work.resolve("data"));
    Map<String, String> builtIn = hashes(activities.prepareData(run(), new DatasetSpec("mnist"), PREP));
    StageResult folder = activities.prepareData(run(),
        images(minio.uri("png/"), DatasetSpec.IMAGEFOLDER, new ImageSpec(28, 28, 1)), PREP);
    assertEquals(builtIn, hashes(folder));
  }

  @Test
  void rgbImagesAreResizedAndANonImageFailsOrIsSkipped() throws Exception {
    for (int i = 0; i < 6; i++) {
      BufferedImage image = new BufferedImage(20, 16, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 20; x++) {
          image.setRGB(x, y, i % 2 == 0 ? 0xff0000 : 0x0000ff);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, i % 3 == 0 ? "jpg" : "png", out);
      minio.put("rgb/" + (i % 2 == 0 ? "red" : "blue") + "/" + i + (i % 3 == 0 ? ".jpg" : ".png"), out.toByteArray());
    }
    DataPrepActivities activities = activities(dataRoot);
    PrepSpec small = new PrepSpec(0.2, 0.2, 0.5, 100);
    StageResult rgb = activities.prepareData(run(),
        images(minio.uri("rgb/"), DatasetSpec.IMAGEFOLDER, new ImageSpec(8, 8, 3)), small);
    assertEquals(192.0, rgb.metrics().get("features"), "3 channels of 8x8");
    assertEquals(2.0, rgb.metrics().get("classes"));

    minio.put("rgb/red/notes.txt", "not an image".getBytes());
    minio.put("rgb/blue/broken.png", "not a png either".getBytes());
    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> activities.prepareData(run(),
        images(minio.uri("rgb/"), DatasetSpec.IMAGEFOLDER, new ImageSpec(8, 8, 3)), small));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals("BadData", cause.getType());
    assertTrue(cause.getOriginalMessage().contains("rgb/blue/broken.png, image: is not a PNG or JPEG image"),
        cause.getOriginalMessage());

    DatasetSpec skipping = new DatasetSpec(null, minio.uri("rgb/"), DatasetSpec.IMAGEFOLDER, null, null, null, null,
        null, new ImageSpec(8, 8, 1), null, DatasetSpec.SKIP, 0.5, null, null);
    StageResult skipped = activities.prepareData(run(), skipping, small);
    assertEquals(64.0, skipped.metrics().get("features"));
    assertEquals(6.0, skipped.metrics().get("trainExamples") + skipped.metrics().get("validationExamples")
        + skipped.metrics().get("testExamples"));
  }

  @Test
  void aTruncatedIdxFileFailsSayingWhere() throws Exception {
    LabeledDataset mnist = new MnistDataset().read(dataRoot);
    byte[] images = idxImages(mnist, 0, 100);
    minio.put("cut/train-images-idx3-ubyte", java.util.Arrays.copyOf(images, images.length - 500));
    minio.put("cut/train-labels-idx1-ubyte", idxLabels(mnist, 0, 100));
    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> activities(dataRoot).prepareData(run(),
        images(minio.uri("cut/"), DatasetSpec.IDX, null), PREP));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.getOriginalMessage().contains("train-images-idx3-ubyte: ends inside image 100 of 100: the file "
        + "is truncated"), cause.getOriginalMessage());
  }

  private static byte[] png(float[] features, int image) throws Exception {
    BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int p = 0; p < 784; p++) {
      int value = Math.round(features[image * 784 + p] * 255);
      grey.getRaster().setSample(p % 28, p / 28, 0, value);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(grey, "png", out);
    return out.toByteArray();
  }

  private static byte[] idxImages(LabeledDataset mnist, int from, int to) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000803);
    out.writeInt(to - from);
    out.writeInt(28);
    out.writeInt(28);
    for (int i = from * 784; i < to * 784; i++) {
      out.writeByte(Math.round(mnist.features()[i] * 255));
    }
    return bytes.toByteArray();
  }

  private static byte[] idxLabels(LabeledDataset mnist, int from, int to) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000801);
    out.writeInt(to - from);
    for (int i = from; i < to; i++) {
      out.writeByte(mnist.labels()[i]);
    }
    return bytes.toByteArray();
  }

  private static DatasetSpec images(String uri, String format, ImageSpec geometry) {
    return new DatasetSpec(null, uri, format, null, null, null, null, null, geometry, null, null, null, null, null);
  }

  private DataPrepActivities activities(Path root) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    environments.add(env);
    LocalArtifactStore store = new LocalArtifactStore(work.resolve("store"));
    env.registerActivitiesImplementations(new DataPrepActivitiesImpl(new StageRunner(store),
        new DatasetCatalog(root), new SourceDatasets(SourceObjects.fromEnvironment(minio.env()))));
    return env.newActivityStub(DataPrepActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private static RunContext run() {
    return new RunContext("run-images", "image-sources-test", 9);
  }

  private static Map<String, String> hashes(StageResult result) {
    Map<String, String> hashes = new TreeMap<>();
    result.artifacts().forEach((name, ref) -> {
      if (!name.equals("cache-key") && !name.equals(SourcePreparation.DATASET_CARD)) {
        hashes.put(name, ref.sha256());
      }
    });
    return hashes;
  }
}
