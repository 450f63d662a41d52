package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.numerics.Permutation;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.source.MinioSources;
import ai.pretrain.source.SourceFiles;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.ImageSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SourceSpec;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  private SourcePrepEnvironment environment;

  @BeforeEach
  void connect() throws Exception {
    minio = new MinioSources("image-sources-test");
    environment = new SourcePrepEnvironment(minio);
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
    environment.close();
  }

  @Test
  void mnistAsIdxFilesGivesTheBuiltInMnistShards() throws Exception {
    LabeledDataset mnist = new MnistDataset().read(dataRoot);
    minio.put("idx/train-images-idx3-ubyte.gz", SourceFiles.gzip(idxImages(mnist, 0, mnist.size())));
    minio.put("idx/train-labels-idx1-ubyte.gz", SourceFiles.gzip(idxLabels(mnist, 0, mnist.size())));
    DataPrepActivities activities = activities(dataRoot);
    Map<String, String> builtIn = SourcePrepEnvironment.shardHashes(activities.prepareData(run(), new DatasetSpec("mnist"), PREP));
    PreparedData idx = activities.prepareData(run(), images(minio.uri("idx/"), DatasetSpec.IDX, null), PREP);
    assertEquals(builtIn, SourcePrepEnvironment.shardHashes(idx));
    assertEquals(28.0, idx.metrics().get("imageHeight"));

    // train- and t10k- files: the second is the fixed test set
    minio.put("idx2/train-images-idx3-ubyte", idxImages(mnist, 0, 8000));
    minio.put("idx2/train-labels-idx1-ubyte", idxLabels(mnist, 0, 8000));
    minio.put("idx2/t10k-images-idx3-ubyte", idxImages(mnist, 8000, 10000));
    minio.put("idx2/t10k-labels-idx1-ubyte", idxLabels(mnist, 8000, 10000));
    PreparedData split = activities.prepareData(run(), images(minio.uri("idx2/"), DatasetSpec.IDX, null), PREP);
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
      minio.put(String.format("png/%d/%05d.png", labels[i], i), image(features, i, "png"));
    }
    Path subset = Files.createDirectories(work.resolve("data/mnist"));
    new ExampleShard(features, labels, 784, 10).write(subset.resolve("mnist.ptds"));
    Files.writeString(subset.resolve("mnist.ptds.sha256"), "subset  mnist.ptds\n");
    DataPrepActivities activities = activities(work.resolve("data"));
    Map<String, String> builtIn = SourcePrepEnvironment.shardHashes(activities.prepareData(run(), new DatasetSpec("mnist"), PREP));
    PreparedData folder = activities.prepareData(run(),
        images(minio.uri("png/"), DatasetSpec.IMAGEFOLDER, new ImageSpec(28, 28, 1)), PREP);
    assertEquals(builtIn, SourcePrepEnvironment.shardHashes(folder));
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
    PreparedData rgb = activities.prepareData(run(),
        images(minio.uri("rgb/"), DatasetSpec.IMAGEFOLDER, new ImageSpec(8, 8, 3)), small);
    assertEquals(192.0, rgb.metrics().get("features"), "3 channels of 8x8");
    assertEquals(2.0, rgb.metrics().get("classes"));

    // an unlabeled set for pretraining may hold its images directly under the prefix
    for (int i = 0; i < 3; i++) {
      BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      minio.put("unlabeled/" + i + ".png", out.toByteArray());
    }
    PretrainSpec pretrain = new PretrainSpec(null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, SourceSpec.at(minio.uri("unlabeled/"), "imagefolder", null));
    PreparedData withUnlabeled = activities.prepareWithPretrainingData(run(),
        images(minio.uri("rgb/"), DatasetSpec.IMAGEFOLDER, new ImageSpec(8, 8, 3)), small, pretrain);
    assertEquals(List.of(withUnlabeled.artifact("pretrain-000")), withUnlabeled.pretrainingShards());

    minio.put("rgb/red/notes.txt", "not an image".getBytes());
    minio.put("rgb/blue/broken.png", "not a png either".getBytes());
    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> activities.prepareData(run(),
        images(minio.uri("rgb/"), DatasetSpec.IMAGEFOLDER, new ImageSpec(8, 8, 3)), small));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals("BadData", cause.getType());
    assertTrue(cause.getOriginalMessage().contains(
        "rgb/blue/broken.png, image: is not a PNG, JPEG, BMP, GIF or TIFF image"),
        cause.getOriginalMessage());

    DatasetSpec skipping = new DatasetSpec(null, minio.uri("rgb/"), DatasetSpec.IMAGEFOLDER, null, null, null, null,
        null, new ImageSpec(8, 8, 1), null, DatasetSpec.SKIP, 0.5, null, null);
    PreparedData skipped = activities.prepareData(run(), skipping, small);
    assertEquals(64.0, skipped.metrics().get("features"));
    assertEquals(6.0, skipped.metrics().get("trainExamples") + skipped.metrics().get("validationExamples")
        + skipped.metrics().get("testExamples"));
  }

  /**
   * Folders as cameras and exports write them: upper-case extensions ({@code .JPG}, {@code .PNG}) and PNGs with an
   * alpha channel, read as their colours; the same pixels as plain PNGs give the same shards.
   */
  @Test
  void upperCaseExtensionsAndPngsWithAlphaReadAsTheirColours() throws Exception {
    for (int i = 0; i < 8; i++) {
      boolean red = i % 2 == 0;
      BufferedImage opaque = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
      BufferedImage alpha = new BufferedImage(12, 12, BufferedImage.TYPE_INT_ARGB);
      for (int y = 0; y < 12; y++) {
        for (int x = 0; x < 12; x++) {
          int rgb = (red ? 0xc00000 : 0x0000c0) + x * 8 + y * 0x800;
          opaque.setRGB(x, y, rgb);
          alpha.setRGB(x, y, 0xff000000 | rgb);
        }
      }
      String name = (red ? "red" : "blue") + "/" + i;
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      ImageIO.write(opaque, "png", plain);
      minio.put("plain/" + name + ".png", plain.toByteArray());
      ByteArrayOutputStream exported = new ByteArrayOutputStream();
      ImageIO.write(alpha, "png", exported);
      minio.put("exported/" + name + ".PNG", exported.toByteArray());
    }
    ByteArrayOutputStream photo = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB), "jpg", photo);
    for (int i = 0; i < 4; i++) {
      minio.put("photos/red/IMG_000" + i + ".JPG", photo.toByteArray());
      minio.put("photos/blue/IMG_010" + i + ".JPEG", photo.toByteArray());
    }
    DataPrepActivities activities = activities(dataRoot);
    PrepSpec small = new PrepSpec(0.25, 0.25, 0.5, 100);
    ImageSpec colour = new ImageSpec(12, 12, 3);

    PreparedData plain =
        activities.prepareData(run(), images(minio.uri("plain/"), DatasetSpec.IMAGEFOLDER, colour), small);
    PreparedData exported = activities.prepareData(run(),
        images(minio.uri("exported/"), DatasetSpec.IMAGEFOLDER, colour), small);
    assertEquals(SourcePrepEnvironment.shardHashes(plain), SourcePrepEnvironment.shardHashes(exported));
    PreparedData photos =
        activities.prepareData(run(), images(minio.uri("photos/"), DatasetSpec.IMAGEFOLDER, colour), small);
    assertEquals(2, photos.classes().intValue());
    assertEquals(432, photos.features().intValue());
  }

  /**
   * BMP, GIF and TIFF, 8-bit grey and 16-bit grey as microscopes write it, hold the digits' pixels losslessly: a folder
   * of them, extensions in either case, gives the same shards as the same digits as PNGs.
   */
  @Test
  void bmpGifAndTiffImagesGiveTheSameShardsAsPngs() throws Exception {
    LabeledDataset mnist = new MnistDataset().read(dataRoot);
    String[] formats = {"bmp", "gif", "tiff", "tiff16"};
    String[] extensions = {"bmp", "GIF", "tif", "TIFF"};
    for (int i = 0; i < 120; i++) {
      int digit = i * 41;
      int label = mnist.labels()[digit];
      minio.put(String.format("as-png/%d/%03d.png", label, i), image(mnist.features(), digit, "png"));
      minio.put(String.format("as-others/%d/%03d.%s", label, i, extensions[i % 4]),
          image(mnist.features(), digit, formats[i % 4]));
    }
    DataPrepActivities activities = activities(dataRoot);
    PrepSpec small = new PrepSpec(0.2, 0.2, 0.5, 100);
    ImageSpec digits = new ImageSpec(28, 28, 1);

    PreparedData png = activities.prepareData(run(), images(minio.uri("as-png/"), DatasetSpec.IMAGEFOLDER, digits),
        small);
    PreparedData others = activities.prepareData(run(),
        images(minio.uri("as-others/"), DatasetSpec.IMAGEFOLDER, digits), small);

    assertEquals(120.0, others.metrics().get("trainExamples") + others.metrics().get("validationExamples")
        + others.metrics().get("testExamples"));
    assertEquals(SourcePrepEnvironment.shardHashes(png), SourcePrepEnvironment.shardHashes(others));
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

  @Test
  void aFixedTestSetOfImagesIsAnotherFolderOrIdxPairWithTheTrainingClasses() throws Exception {
    for (int i = 0; i < 12; i++) {
      minio.put("fixed/train/" + (i % 2 == 0 ? "red" : "blue") + "/" + i + ".png", solid(i % 2 == 0 ? 0xff0000
          : 0x0000ff, 20, 12));
    }
    for (int i = 0; i < 3; i++) {
      minio.put("fixed/holdout/blue/" + i + ".png", solid(0x0000ff, 40, 24));
    }
    DataPrepActivities activities = activities(dataRoot);
    PrepSpec small = new PrepSpec(0.25, 0.2, 0.5, 100);
    PreparedData folder = activities.prepareData(run(), withTest(minio.uri("fixed/train/"), DatasetSpec.IMAGEFOLDER,
        new ImageSpec(20, 12, 3), minio.uri("fixed/holdout/")), small);
    assertEquals(List.of(3.0, 3.0, 9.0), List.of(folder.metrics().get("testExamples"),
        folder.metrics().get("validationExamples"), folder.metrics().get("trainExamples")));
    assertEquals(2.0, folder.metrics().get("classes"), "a test set may lack a class");

    minio.put("fixed/unknown/green/0.png", solid(0x00ff00, 20, 12));
    assertEquals(minio.uri("fixed/unknown/") + ": class 'green' is not a class of the training set (blue, red); the "
        + "model can only predict those", badData(() -> activities.prepareData(run(), withTest(
            minio.uri("fixed/train/"), DatasetSpec.IMAGEFOLDER, new ImageSpec(20, 12, 3),
            minio.uri("fixed/unknown/")), small)));
    minio.put("single/red/0.png", solid(0xff0000, 20, 12));
    assertEquals(minio.uri("single/") + ": one class folder ('red'); classification needs at least two, as "
        + "<prefix>/<class>/<image>", badData(() -> activities.prepareData(run(), withTest(minio.uri("single/"),
            DatasetSpec.IMAGEFOLDER, new ImageSpec(20, 12, 3), minio.uri("fixed/holdout/")), small)));
    for (String half : List.of("train", "test")) {
      minio.put("halves/" + half + "/red/0.png", solid(0xff0000, 20, 12));
      minio.put("halves/" + half + "/blue/0.png", solid(0x0000ff, 20, 12));
    }
    assertTrue(badData(() -> activities.prepareData(run(), withTest(minio.uri("halves/"), DatasetSpec.IMAGEFOLDER,
        new ImageSpec(20, 12, 3), minio.uri("fixed/holdout/")), small)).contains("keep one of them"));

    LabeledDataset mnist = shuffled(new MnistDataset().read(dataRoot));
    minio.put("idx-fixed/train/train-images-idx3-ubyte", idxImages(mnist, 0, 800));
    minio.put("idx-fixed/train/train-labels-idx1-ubyte", idxLabels(mnist, 0, 800));
    minio.put("idx-fixed/test/t10k-images-idx3-ubyte.gz", SourceFiles.gzip(idxImages(mnist, 800, 1000)));
    minio.put("idx-fixed/test/t10k-labels-idx1-ubyte.gz", SourceFiles.gzip(idxLabels(mnist, 800, 1000)));
    PreparedData idx = activities.prepareData(run(), withTest(minio.uri("idx-fixed/train/"), DatasetSpec.IDX, null,
        minio.uri("idx-fixed/test/")), PREP);
    assertEquals(List.of(200.0, 80.0, 10.0), List.of(idx.metrics().get("testExamples"),
        idx.metrics().get("validationExamples"), idx.metrics().get("classes")));
  }

  @Test
  void imagesOfAnotherGeometryThanTheDatasetsFailNamingBoth() throws Exception {
    LabeledDataset mnist = shuffled(new MnistDataset().read(dataRoot));
    minio.put("geometry/train/train-images-idx3-ubyte", idxImages(mnist, 0, 300));
    minio.put("geometry/train/train-labels-idx1-ubyte", idxLabels(mnist, 0, 300));
    // the same pixels read as 240 images of 20x12 (and a labels file to match)
    minio.put("geometry/wide/test-images-idx3-ubyte", idxImages(mnist, 0, 300, 240, 12, 20));
    minio.put("geometry/wide/test-labels-idx1-ubyte", idxLabels(mnist, 0, 240));
    DataPrepActivities activities = activities(dataRoot);
    assertEquals(minio.uri("geometry/wide/") + ": the test images are 20x12 (width x height), 1 channel and the "
        + "training images 28x28 (width x height), 1 channel; a test set must have the training set's size and "
        + "channels", badData(() -> activities.prepareData(run(), withTest(minio.uri("geometry/train/"),
            DatasetSpec.IDX, null, minio.uri("geometry/wide/")), PREP)));

    PretrainSpec unlabeled = new PretrainSpec(null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, SourceSpec.at(minio.uri("geometry/wide/"), DatasetSpec.IDX, null));
    assertEquals("pretrain.data holds images of 20x12 (width x height), 1 channel and the dataset images of 28x28 "
        + "(width x height), 1 channel; give both the same size and channels (an image folder is converted to "
        + "dataset.image)", badData(() -> activities.prepareWithPretrainingData(run(),
            images(minio.uri("geometry/train/"), DatasetSpec.IDX, null), PREP, unlabeled)));

    assertEquals(minio.uri("geometry/train/") + ": the IDX images are 28x28 grey; set dataset.image to {width: 28, "
        + "height: 28, channels: 1} or leave it out", badData(() -> activities.prepareData(run(),
            images(minio.uri("geometry/train/"), DatasetSpec.IDX, new ImageSpec(28, 28, 3)), PREP)));
  }

  /** 1000 digits in a seeded order: the built-in digits are in order of class, so any run of these mixes them. */
  private static LabeledDataset shuffled(LabeledDataset mnist) {
    int[] order = Permutation.of(mnist.size(), new java.util.Random(5));
    int count = 1000;
    float[] features = new float[count * 784];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      System.arraycopy(mnist.features(), order[i] * 784, features, i * 784, 784);
      labels[i] = mnist.labels()[order[i]];
    }
    return new LabeledDataset(features, labels, 784, 10, 28, 28, false);
  }

  /** The message of the non-retryable BadData failure {@code prepare} ends in. */
  private static String badData(org.junit.jupiter.api.function.Executable prepare) {
    ActivityFailure failure = assertThrows(ActivityFailure.class, prepare);
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals("BadData", cause.getType(), cause.getOriginalMessage());
    assertTrue(cause.isNonRetryable());
    return cause.getOriginalMessage();
  }

  private static byte[] solid(int rgb, int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static DatasetSpec withTest(String uri, String format, ImageSpec geometry, String test) {
    return new DatasetSpec(null, uri, format, null, null, null, null, null, geometry, SourceSpec.at(test, null, null),
        null, null, null, null);
  }

  /**
   * Digit {@code image} as an 8-bit grey file of ImageIO's {@code format} ({@code png}, {@code bmp}, {@code gif},
   * {@code tiff}), or, for {@code tiff16}, a 16-bit grey TIFF holding each 8-bit value times 257.
   */
  private static byte[] image(float[] features, int image, String format) throws Exception {
    boolean sixteenBits = format.equals("tiff16");
    BufferedImage grey = new BufferedImage(28, 28,
        sixteenBits ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
    for (int p = 0; p < 784; p++) {
      int value = Math.round(features[image * 784 + p] * 255);
      grey.getRaster().setSample(p % 28, p / 28, 0, sixteenBits ? value * 257 : value);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(grey, sixteenBits ? "tiff" : format, out), "ImageIO writes " + format);
    return out.toByteArray();
  }

  private static byte[] idxImages(LabeledDataset mnist, int from, int to) throws Exception {
    return idxImages(mnist, from, to, to - from, 28, 28);
  }

  /** MNIST's pixels of digits {@code from} to {@code to}, with a header that says {@code count} of rows x columns. */
  private static byte[] idxImages(LabeledDataset mnist, int from, int to, int count, int rows, int columns)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000803);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(columns);
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
    return environment.activities(work.resolve("store"), root);
  }

  private static RunContext run() {
    return new RunContext("run-images", "image-sources-test", 9);
  }

}
