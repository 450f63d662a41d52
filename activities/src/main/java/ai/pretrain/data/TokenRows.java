package ai.pretrain.data;

import ai.pretrain.source.ExampleRows;

/**
 * Rows of token ids for the shard writer: a text's features are its ids (stored as floats, exact below 2^24), never
 * missing, never standardized, and not images.
 */
abstract class TokenRows implements ExampleRows {

  @Override
  public boolean regression() {
    return false;
  }

  @Override
  public float target(int row) {
    throw new UnsupportedOperationException("token rows have classes, not targets");
  }

  @Override
  public boolean anyMissing() {
    return false;
  }

  @Override
  public boolean rawScale() {
    return false;
  }

  @Override
  public int imageHeight() {
    return 0;
  }

  @Override
  public int imageWidth() {
    return 0;
  }

  @Override
  public int imageChannels() {
    return 0;
  }
}
