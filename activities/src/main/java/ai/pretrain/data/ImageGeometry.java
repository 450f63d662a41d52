package ai.pretrain.data;

import ai.pretrain.pipeline.PreparedData;

/**
 * The shape of a prepared dataset's images, as data prep records it: {@code channels} planes of
 * {@code height x width} pixels per example; all 0 for tables and text.
 */
public record ImageGeometry(int height, int width, int channels) {

  /** Examples that are not images. */
  public static final ImageGeometry NONE = new ImageGeometry(0, 0, 0);

  /** The geometry in data prep's {@code data} result. */
  public static ImageGeometry of(PreparedData data) {
    return data.imageHeight() * data.imageWidth() == 0 ? NONE
        : new ImageGeometry(data.imageHeight(), data.imageWidth(), data.imageChannels());
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
