package ai.pretrain.spec;

/** The geometry every image of a dataset is resized and converted to: width and height in pixels, 1 or 3 channels. */
public record ImageSpec(Integer width, Integer height, Integer channels) {

  public ImageSpec {
    channels = channels == null ? 1 : channels;
  }
}
