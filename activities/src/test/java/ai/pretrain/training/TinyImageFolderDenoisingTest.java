package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.source.MinioSources;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.ImageSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import ai.pretrain.storage.SourceObjects;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's tiny image folder (train/test, RGB JPEGs 16-55 px and grey+alpha PNGs), MLP denoising autoencoder. */
class TinyImageFolderDenoisingTest {

  private static final RunContext RUN = new RunContext("run-tiny", "tiny-image-folder-test", 3);

  @TempDir Path work;

  /**
   * 64x64 grey examples (4,096 pixels of mean 0.4): one Adam step at the default rate moves each first-layer
   * pre-activation by about 1e-3 x 0.4 x 4,096 = 1.6, the same way for every example, against a spread of about 0.6
   * at initialization, so the latent ReLU units the first gradients push down stay at 0 for every image.
   */
  @Test
  void theMlpAutoencoderKeepsItsLatentUnitsAliveOnATinyBrightImageFolder() throws Exception {
    MinioSources minio = new MinioSources("tiny-image-folder-test");
    Random random = new Random(11);
    for (String split : List.of("train", "test")) {
      for (int i = 0; i < (split.equals("train") ? 90 : 30); i++) {
        int size = 16 + random.nextInt(40);
        String ext = i % 5 == 4 ? ".png" : i % 2 == 0 ? ".jpg" : ".JPG";
        minio.put("tiny/" + split + "/class-" + i % 3 + "/" + i + ext, colourImage(i % 3, size, random, ext));
      }
    }
    DatasetSpec dataset = new DatasetSpec(null, minio.uri("tiny/"), DatasetSpec.IMAGEFOLDER, null, null, null, null,
        null, new ImageSpec(64, 64, 1), null, null, null, null, null);
    LocalArtifactStore artifacts = new LocalArtifactStore(work.resolve("store"));
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(
          new DataPrepActivitiesImpl(new StageRunner(artifacts), new DatasetCatalog(work),
              new SourceDatasets(SourceObjects.fromEnvironment(minio.env()))),
          new TrainingActivitiesImpl(new StageRunner(artifacts), Duration.ofHours(1)));
      PreparedData data = env.newActivityStub(DataPrepActivities.class, options())
          .prepareData(RUN, dataset, new PrepSpec(0.1, null, 0.1, null));
      PretrainSpec spec = new PretrainSpec(PretrainSpec.DENOISING_AUTOENCODER, List.of(256), 64, null, null, 5, null,
          null, null, null, null, PretrainSpec.MLP, null, (String) null, null);
      ExampleShard train;
      try (InputStream in = artifacts.open(data.pretrainingShards().get(0))) {
        train = ExampleShard.read(in);
      }
      long initial = varyingUnits(spec, data, train, null);
      StageResult pretrained = env.newActivityStub(TrainingActivities.class, options()).pretrain(RUN, spec, data);
      Path encoder = work.resolve("encoder.params");
      artifacts.download(pretrained.artifact(Artifacts.ENCODER), encoder);
      long trained = varyingUnits(spec, data, train, encoder);
      assertTrue(trained >= initial / 2, "latent units that vary over the training images: " + initial
          + " of 64 at initialization, " + trained + " after pretraining " + pretrained.metrics());
    } finally {
      env.close();
    }
  }

  /** Latent units whose value varies over the training images: a dead ReLU unit is 0 for every one. */
  private static long varyingUnits(PretrainSpec spec, PreparedData data, ExampleShard train, Path weights)
      throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      SequentialBlock encoder = Encoder.build(spec.encoder(), ImageGeometry.of(data));
      int f = train.featureCount();
      encoder.initialize(manager, DataType.FLOAT32, new Shape(1, f));
      if (weights != null) {
        Weights.load(encoder, manager, weights);
      }
      float[] pixels = new float[train.size() * f];
      for (int i = 0; i < train.size(); i++) {
        train.copyFeatures(i, pixels, i * f);
      }
      NDArray code = encoder.forward(new ParameterStore(manager, false),
          new NDList(manager.create(pixels, new Shape(train.size(), f))), false).head();
      return code.max(new int[] {0}).sub(code.min(new int[] {0})).gt(1e-6f).sum().getLong();
    }
  }

  /** A grey+alpha PNG: class 0 a bright square on black, class 1 vertical stripes, class 2 a dark square on white. */
  private static byte[] greyAlphaPng(int label, int size, Random random) throws Exception {
    ComponentColorModel greyAlpha = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
        Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    BufferedImage image =
        new BufferedImage(greyAlpha, greyAlpha.createCompatibleWritableRaster(size, size), false, null);
    int lo = size / 4 + random.nextInt(size / 8 + 1);
    int hi = lo + size / 2;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        boolean inside = x >= lo && x < hi && y >= lo && y < hi;
        int value = switch (label) {
          case 0 -> inside ? 230 : 20;
          case 1 -> (x / Math.max(2, size / 8)) % 2 == 0 ? 220 : 40;
          default -> inside ? 20 : 230;
        };
        image.getRaster().setPixel(x, y, new int[] {Math.max(0, Math.min(255, value + random.nextInt(31) - 15)), 255});
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, "png", out));
    return out.toByteArray();
  }

  /** Red, green and blue squares on a dark ground (RGB JPEGs), grey squares of three levels (grey+alpha PNGs). */
  private static byte[] colourImage(int label, int size, Random random, String ext) throws Exception {
    if (ext.equals(".png")) {
      return greyAlphaPng(label, size, random);
    }
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    int lo = random.nextInt(size / 3 + 1);
    int hi = lo + size / 2 + random.nextInt(size / 6 + 1);
    int[] colours = {0xd02020, 0x20d020, 0x2020d0};
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, x >= lo && x < hi && y >= lo && y < hi ? colours[label] : random.nextInt(0x303030));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, "jpg", out), ext);
    return out.toByteArray();
  }

  private static ActivityOptions options() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }
}
