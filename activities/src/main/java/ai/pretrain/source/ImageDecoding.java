package ai.pretrain.source;

import ai.pretrain.spec.ImageSpec;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;

/**
 * Decodes a PNG, JPEG, BMP, GIF (its first frame) or TIFF with {@link ImageIO} and converts it to the spec's
 * geometry: grey (luma of RGB) or RGB, resized bilinearly where the size differs, as channel-major pixels in [0, 1].
 * Pixels are read from the raster, not through Java2D's colour conversion, so an 8-bit grey PNG gives exactly its
 * stored values / 255 (a 16-bit grey one, as microscopes write TIFFs, the nearest 255th).
 */
final class ImageDecoding {

  /** The formats ImageIO reads here, as a message names them. */
  private static final String FORMATS = "PNG, JPEG, BMP, GIF or TIFF";

  private ImageDecoding() {}

  /** Appends the image's {@code channels x height x width} pixels to {@code target} at {@code offset}. */
  static void decode(InputStream in, ImageSpec geometry, float[] target, int offset, SourceRecord where)
      throws IOException {
    BufferedImage image;
    try {
      image = ImageIO.read(in);
    } catch (IOException | RuntimeException e) {
      throw where.bad(null, "is not a readable " + FORMATS + " image (" + e.getMessage() + ")");
    }
    if (image == null) {
      throw where.bad(null, "is not a " + FORMATS + " image; an image folder holds only images, one folder per "
          + "class");
    }
    int channels = geometry.channels();
    WritableRaster raster = channelRaster(image, channels);
    if (image.getWidth() != geometry.width() || image.getHeight() != geometry.height()) {
      raster = resized(raster, geometry.width(), geometry.height());
    }
    int plane = geometry.width() * geometry.height();
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < geometry.height(); y++) {
        for (int x = 0; x < geometry.width(); x++) {
          target[offset + c * plane + y * geometry.width() + x] = (float) (raster.getSample(x, y, c) / 255.0);
        }
      }
    }
  }

  /** The image as 8-bit samples of {@code channels} bands: grey stays as stored, colour is converted. */
  private static WritableRaster channelRaster(BufferedImage image, int channels) {
    int width = image.getWidth();
    int height = image.getHeight();
    WritableRaster out =
        Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, width, height, channels, null);
    Raster source = image.getRaster();
    boolean grey = image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
    int bits = image.getColorModel().getComponentSize(0);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (grey) {
          int value = source.getSample(x, y, 0);
          value = bits == 8 ? value : (int) Math.round(value * 255.0 / ((1 << bits) - 1));
          for (int c = 0; c < channels; c++) {
            out.setSample(x, y, c, value);
          }
        } else {
          int rgb = image.getRGB(x, y);
          int r = (rgb >> 16) & 0xff;
          int g = (rgb >> 8) & 0xff;
          int b = rgb & 0xff;
          if (channels == 1) {
            // ITU-R BT.601 luma, as PIL's convert("L") computes it
            out.setSample(x, y, 0, (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b));
          } else {
            out.setSample(x, y, 0, r);
            out.setSample(x, y, 1, g);
            out.setSample(x, y, 2, b);
          }
        }
      }
    }
    return out;
  }

  private static WritableRaster resized(WritableRaster raster, int width, int height) {
    AffineTransform scale = AffineTransform.getScaleInstance((double) width / raster.getWidth(),
        (double) height / raster.getHeight());
    WritableRaster out = raster.createCompatibleWritableRaster(width, height);
    new AffineTransformOp(scale, AffineTransformOp.TYPE_BILINEAR).filter(raster, out);
    return out;
  }
}
