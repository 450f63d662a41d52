package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.pretrain.augment.AugmentationPipeline;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.spec.AugmentationSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Images of three channels, as an RGB dataset delivers them (each channel's plane in turn): the residual CNN reads
 * them in the geometry data prep recorded (or, without one, infers square images from the feature count), and
 * augmentations move the planes of one image together.
 */
class ColourImagesTest {

  private static final PretrainSpec CNN = new PretrainSpec(null, null, 8, null, null, 1, 4, 1e-3, null, null, 0,
      PretrainSpec.RESIDUAL_CNN, List.of(4, 8), null, null);

  private static long[] encode(int features) {
    return encode(ImageGeometry.NONE, features);
  }

  private static long[] encode(ImageGeometry input, int features) {
    SequentialBlock encoder = Encoder.build(CNN.encoder(), input);
    try (Model model = Model.newInstance("cnn")) {
      model.setBlock(encoder);
      encoder.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, features));
      NDArray images = model.getNDManager().randomUniform(0, 1, new Shape(3, features));
      return encoder.forward(new ParameterStore(model.getNDManager(), false), new NDList(images), false).head()
          .getShape().getShape();
    }
  }

  @Test
  void theResidualCnnReadsGreyscaleAndColourImagesByTheirGeometry() {
    assertArrayEquals(new long[] {3, 8}, encode(8 * 8));
    assertArrayEquals(new long[] {3, 8}, encode(3 * 8 * 8));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encode(2 * 8 * 8));
    assertTrue(e.getMessage().contains("128 features of unknown geometry are neither a square nor three squares"),
        e.getMessage());
  }

  @Test
  void theResidualCnnReadsNonSquareImagesInTheGeometryDataPrepRecorded() {
    ImageGeometry wide = new ImageGeometry(12, 20, 3);
    assertArrayEquals(new long[] {3, 8}, encode(wide, 3 * 12 * 20));
    assertArrayEquals(new long[] {3, 8}, encode(new ImageGeometry(12, 20, 1), 12 * 20));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encode(wide, 12 * 20));
    assertEquals("a convolutional encoder built for images of 20x12 (width x height), 3 channels (720 features) was "
        + "given 240 features per example", e.getMessage());
  }

  @Test
  void anAugmentationMovesEveryPlaneOfAColourImageTheSameWay() {
    int side = 8;
    int pixels = side * side;
    float[] plane = new float[pixels];
    for (int i = 0; i < pixels; i++) {
      plane[i] = (i * 7 % 13) / 12f;
    }
    float[] batch = new float[2 * 3 * pixels];
    for (int p = 0; p < 6; p++) {
      System.arraycopy(plane, 0, batch, p * pixels, pixels);
    }
    AugmentationPipeline moves = AugmentationPipeline.of(List.of(new AugmentationSpec("random-resized-crop", 0.3, 1.0),
        new AugmentationSpec("rotation", 30.0, 1.0)), "pretrain.augmentations", side, side, 3,
        PluginRegistry.installed());

    moves.apply(batch, 2, new Random(3));

    for (int image = 0; image < 2; image++) {
      float[] red = Arrays.copyOfRange(batch, image * 3 * pixels, (image * 3 + 1) * pixels);
      assertFalse(Arrays.equals(plane, red), "image " + image + " moved");
      for (int c = 1; c < 3; c++) {
        assertArrayEquals(red, Arrays.copyOfRange(batch, (image * 3 + c) * pixels, (image * 3 + c + 1) * pixels),
            "image " + image + ", channel " + c);
      }
    }
    assertFalse(Arrays.equals(Arrays.copyOfRange(batch, 0, pixels), Arrays.copyOfRange(batch, 3 * pixels,
        4 * pixels)), "two images draw apart");
    assertEquals(2 * 3 * pixels, batch.length);
  }
}
