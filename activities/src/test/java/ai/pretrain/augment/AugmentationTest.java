package ai.pretrain.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.plugin.Augmentation;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.plugin.UnknownPluginException;
import ai.pretrain.spec.AugmentationSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {

  private static final int SIDE = 8;

  /** A bright 2x2 square with its top-left pixel at (x, y) on black. */
  private static float[] square(int x, int y) {
    float[] image = new float[SIDE * SIDE];
    for (int dy = 0; dy < 2; dy++) {
      for (int dx = 0; dx < 2; dx++) {
        image[(y + dy) * SIDE + x + dx] = 1f;
      }
    }
    return image;
  }

  private static float[] gradient() {
    float[] image = new float[SIDE * SIDE];
    for (int i = 0; i < image.length; i++) {
      image[i] = i / (float) (image.length - 1);
    }
    return image;
  }

  @Test
  void theBuiltInAugmentationsAreInstalled() {
    assertEquals(List.of("brightness", "contrast", "flip", "gaussian-noise", "random-resized-crop", "rotation",
        "shift"),
        PluginRegistry.installed().names(Augmentation.KIND));
  }

  @Test
  void randomResizedCropZoomsIntoAPartOfTheImageAndStaysInTheRange() {
    float[] uniform = new float[SIDE * SIDE];
    Arrays.fill(uniform, 0.5f);
    float[] grid = gradient();
    double before = brightPixels(square(3, 3));
    double after = 0;
    for (long seed = 0; seed < 20; seed++) {
      float[] image = square(3, 3);
      new RandomResizedCrop().apply(image, SIDE, SIDE, 0.25, new Random(seed));
      after += brightPixels(image) / 20;
      float[] flat = uniform.clone();
      new RandomResizedCrop().apply(flat, SIDE, SIDE, 0.25, new Random(seed));
      for (float pixel : flat) {
        assertEquals(0.5f, pixel, 1e-6f, "a crop inside a uniform image is that image");
      }
      float[] ramp = grid.clone();
      new RandomResizedCrop().apply(ramp, SIDE, SIDE, 0.25, new Random(seed));
      for (float pixel : ramp) {
        assertTrue(pixel >= 0f && pixel <= 1f, "pixel " + pixel);
      }
    }
    assertTrue(after > before, "the centre square grows when zoomed into: " + before + " -> " + after);
  }

  /** Pixels at least half bright. */
  private static double brightPixels(float[] image) {
    int count = 0;
    for (float pixel : image) {
      count += pixel >= 0.5f ? 1 : 0;
    }
    return count;
  }

  @Test
  void flipMirrorsEachRowAndTwiceIsTheIdentity() {
    float[] image = square(1, 3);
    new HorizontalFlip().apply(image, SIDE, SIDE, 0, new Random(1));
    assertArrayEquals(square(SIDE - 3, 3), image);
    new HorizontalFlip().apply(image, SIDE, SIDE, 0, new Random(1));
    assertArrayEquals(square(1, 3), image);
  }

  @Test
  void shiftMovesTheContentByWholePixelsWithinTheMagnitude() {
    for (long seed = 0; seed < 20; seed++) {
      float[] image = square(3, 3);
      new Shift().apply(image, SIDE, SIDE, 2, new Random(seed));
      int at = firstBright(image);
      int dx = at % SIDE - 3;
      int dy = at / SIDE - 3;
      assertTrue(Math.abs(dx) <= 2 && Math.abs(dy) <= 2, "moved by " + dx + "," + dy);
      assertEquals(4f, sum(image), 1e-6, "a shift inside the frame keeps every pixel");
    }
  }

  @Test
  void rotationByAQuarterTurnMovesACornerToTheNextCorner() {
    float[] image = square(0, 0);
    Resampling.warp(image, SIDE, SIDE, 0, 1, 0, 0);
    assertArrayEquals(square(SIDE - 2, 0), image, 1e-5f, "the top-left square turned to the top-right");
  }

  @Test
  void rotationStaysWithinTheMagnitudeAndKeepsMostOfTheCentre() {
    float[] image = square(3, 3);
    new Rotation().apply(image, SIDE, SIDE, 15, new Random(3));
    assertEquals(4f, sum(image), 0.2, "a small rotation about the centre keeps the central square's mass");
  }

  @Test
  void photometricAugmentationsKeepPixelsInRange() {
    List<Augmentation> photometric = List.of(new GaussianNoise(), new Brightness(), new Contrast());
    for (Augmentation augmentation : photometric) {
      float[] image = gradient();
      augmentation.apply(image, SIDE, SIDE, 0.9, new Random(5));
      for (float pixel : image) {
        assertTrue(pixel >= 0 && pixel <= 1, augmentation.name() + " left " + pixel);
      }
      assertFalse(Arrays.equals(gradient(), image), augmentation.name() + " changed nothing");
    }
  }

  @Test
  void contrastKeepsTheImageMean() {
    float[] image = gradient();
    image[0] = 0.2f;
    image[image.length - 1] = 0.8f;
    double before = sum(image);
    new Contrast().apply(image, SIDE, SIDE, 0.2, new Random(2));
    assertEquals(before, sum(image), 1e-3);
  }

  @Test
  void aPipelineIsReproducibleFromItsSeedAndHonoursProbability() {
    List<AugmentationSpec> specs = List.of(new AugmentationSpec("rotation", 20.0, 1.0),
        new AugmentationSpec("gaussian-noise", null, 1.0));
    AugmentationPipeline pipeline = AugmentationPipeline.of(specs, SIDE, SIDE, PluginRegistry.installed());
    float[] batch = batchOfGradients(3);
    float[] again = batchOfGradients(3);
    pipeline.apply(batch, 3, new Random(11));
    pipeline.apply(again, 3, new Random(11));
    assertArrayEquals(batch, again);
    assertFalse(Arrays.equals(batchOfGradients(3), batch));

    AugmentationPipeline never =
        AugmentationPipeline.of(List.of(new AugmentationSpec("flip", null, 0.0)), SIDE, SIDE, PluginRegistry.installed());
    float[] untouched = batchOfGradients(3);
    never.apply(untouched, 3, new Random(11));
    assertArrayEquals(batchOfGradients(3), untouched);
  }

  @Test
  void anUnknownAugmentationOrATableIsRefused() {
    assertThrows(UnknownPluginException.class, () -> AugmentationPipeline.of(
        List.of(new AugmentationSpec("mixup", null, null)), SIDE, SIDE, PluginRegistry.installed()));
    IllegalArgumentException table = assertThrows(IllegalArgumentException.class, () -> AugmentationPipeline.of(
        List.of(new AugmentationSpec("flip", null, null)), 0, 0, PluginRegistry.installed()));
    assertTrue(table.getMessage().contains("not images"), table.getMessage());
  }

  private static float[] batchOfGradients(int count) {
    float[] batch = new float[count * SIDE * SIDE];
    for (int i = 0; i < count; i++) {
      System.arraycopy(gradient(), 0, batch, i * SIDE * SIDE, SIDE * SIDE);
    }
    return batch;
  }

  private static int firstBright(float[] image) {
    for (int i = 0; i < image.length; i++) {
      if (image[i] > 0.5f) {
        return i;
      }
    }
    return -1;
  }

  private static double sum(float[] image) {
    double total = 0;
    for (float pixel : image) {
      total += pixel;
    }
    return total;
  }
}
