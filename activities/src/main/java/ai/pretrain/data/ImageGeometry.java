package ai.pretrain.data;

import ai.pretrain.pipeline.StageResult;

/**
 * The shape of a prepared dataset's images, as data prep records it in its metrics: {@code channels} planes of
 * {@code height x width} pixels per example; all 0 for tables and text.
 */
public record ImageGeometry(int height, int width, int channels) {

  /** Examples that are not images. */
  public static final ImageGeometry NONE = new ImageGeometry(0, 0, 0);

  /** The geometry in data prep's {@code data} result. */
  public static ImageGeometry of(StageResult data) {
    int height = data.metrics().getOrDefault(DataPrepActivitiesImpl.IMAGE_HEIGHT, 0.0).intValue();
    int width = data.metrics().getOrDefault(DataPrepActivitiesImpl.IMAGE_WIDTH, 0.0).intValue();
    if (height * width == 0) {
      return NONE;
    }
    // results cached before the channels were recorded hold grey images: colour ones had no geometry then
    return new ImageGeometry(height, width,
        data.metrics().getOrDefault(DataPrepActivitiesImpl.IMAGE_CHANNELS, 1.0).intValue());
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
