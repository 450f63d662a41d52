package ai.pretrain.data;

import ai.pretrain.pipeline.PreparedData;

/**
 * The shape of a prepared dataset's images, as data prep records it: {@code channels} planes of
 * {@code height x width} pixels per example; all 0 for tables and text. {@code pixels}: the training split's
 * statistics per channel, null where unknown (a network built without its data, a data prep result from before they
 * were recorded: a network then reads pixels as they are, as it did when that data was prepared).
 */
public record ImageGeometry(int height, int width, int channels, PixelStatistics pixels) {

  /** Examples that are not images. */
  public static final ImageGeometry NONE = new ImageGeometry(0, 0, 0);

  /** Images of that shape whose statistics are not known. */
  public ImageGeometry(int height, int width, int channels) {
    this(height, width, channels, null);
  }

  /** The geometry in data prep's {@code data} result. */
  public static ImageGeometry of(PreparedData data) {
    return data.imageHeight() * data.imageWidth() == 0 ? NONE
        : new ImageGeometry(data.imageHeight(), data.imageWidth(), data.imageChannels(),
            PixelStatistics.of(data.metrics(), data.imageChannels()));
  }

  /** Whether the examples are images. */
  public boolean isImage() {
    return height * width > 0;
  }

  /** The features of one example: every pixel of every channel. */
  public int features() {
    return channels * height * width;
  }

  /** As users write it: {@code <width>x<height>, <channels> channel(s)}. */
  public String describe() {
    return width + "x" + height + " (width x height), " + channels + (channels == 1 ? " channel" : " channels");
  }
}
