package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.source.MinioSources;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.AugmentationSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.ImageSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import ai.pretrain.storage.SourceObjects;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RGB images that are wider than high, read from the real MinIO server, through the combinations of encoder and
 * objective that {@code OwnDataRunTest}'s runs leave out (the residual CNN as a denoising autoencoder, the MLP
 * contrastively), each adapted and fine-tuned with augmentations that move whole colour images.
 */
class NonSquareColourImagesTest {

  private static final RunContext RUN = new RunContext("run-colour", "non-square-colour-test", 3);
  private static final List<AugmentationSpec> MOVES = List.of(new AugmentationSpec("random-resized-crop", 0.6, 1.0),
      new AugmentationSpec("rotation", 10.0, 0.5), new AugmentationSpec("flip", null, 0.5));

  @TempDir Path work;

  @Test
  void theResidualCnnAsAnAutoencoderAndTheMlpContrastivelyTrainOnWideColourImages() throws Exception {
    MinioSources minio = new MinioSources("non-square-colour-test");
    Random random = new Random(4);
    int[] colours = {0xd02020, 0x20d020, 0x2020d0};
    for (int i = 0; i < 60; i++) {
      BufferedImage image = new BufferedImage(20, 12, BufferedImage.TYPE_INT_RGB);
      int left = random.nextInt(10);
      for (int y = 0; y < 12; y++) {
        for (int x = 0; x < 20; x++) {
          image.setRGB(x, y, x >= left && x < left + 8 && y >= 2 && y < 10 ? colours[i % 3] : random.nextInt(0x303030));
        }
      }
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image, "png", png);
      minio.put("shapes/class-" + i % 3 + "/" + i + ".png", png.toByteArray());
    }
    DatasetSpec dataset = new DatasetSpec(null, minio.uri("shapes/"), DatasetSpec.IMAGEFOLDER, null, null, null, null,
        null, new ImageSpec(20, 12, 3), null, null, null, null, null);
    Path store = work.resolve("store");
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(
          new DataPrepActivitiesImpl(new StageRunner(new LocalArtifactStore(store)), new DatasetCatalog(work),
              new SourceDatasets(SourceObjects.fromEnvironment(minio.env()))),
          new TrainingActivitiesImpl(new StageRunner(new LocalArtifactStore(store)), Duration.ofHours(1)));
      PreparedData data = env.newActivityStub(DataPrepActivities.class, options())
          .prepareData(RUN, dataset, new PrepSpec(0.2, 0.2, 0.5, 100));
      assertEquals(List.of(12.0, 20.0, 3.0), List.of(data.metrics().get("imageHeight"),
          data.metrics().get("imageWidth"), data.metrics().get("imageChannels")));
      TrainingActivities training = env.newActivityStub(TrainingActivities.class, options());
      FineTuneSpec fineTune = new FineTuneSpec(2, 8, 1e-3, 0.0, 10, null, null, 3, null, MOVES);
      for (PretrainSpec spec : List.of(
          new PretrainSpec(PretrainSpec.DENOISING_AUTOENCODER, List.of(32), 8, null, null, 1, 8, 1e-3, null, null,
              2, PretrainSpec.RESIDUAL_CNN, List.of(4, 8), null, null, null, null, null, null),
          new PretrainSpec(PretrainSpec.CONTRASTIVE, List.of(32), 8, null, null, 1, 8, 1e-3, null, null, 2,
              PretrainSpec.MLP, null, null, null, null, null, MOVES, 0.5))) {
        StageResult pretrained = training.pretrain(RUN, spec, data);
        StageResult adapted = training.adapt(RUN, spec, AdaptSpec.defaults(), data, pretrained);
        StageResult tuned = training.fineTune(RUN, spec.encoder(), AdaptSpec.defaults(), fineTune, data, adapted);
        String name = spec.architecture() + " " + spec.objective();
        assertTrue(Double.isFinite(pretrained.metrics().get("trainLoss")), name + " " + pretrained.metrics());
        assertEquals(1.0, adapted.metrics().get("pretrainedEncoder"), name + ": the encoder loads as saved");
        assertTrue(Double.isFinite(tuned.metrics().get("validationAccuracy")), name + " " + tuned.metrics());
      }
    } finally {
      env.close();
    }
  }

  private static ActivityOptions options() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }
}
