package ai.pretrain.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Writes the {@link ExampleShard} format one example at a time, so that a shard is never whole in memory: the header
 * with the count given up front, then per example its label byte (or regression target) and features.
 */
final class ShardWriter {

  private final DataOutputStream out;
  private final int count;
  private final int featureCount;
  private final boolean regression;
  private final ByteBuffer example;
  private int written;

  /** {@code classCount} 0 for a regression shard. */
  ShardWriter(OutputStream out, int count, int featureCount, int classCount) throws IOException {
    this.out = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
    this.count = count;
    this.featureCount = featureCount;
    this.regression = classCount == 0;
    this.example = ByteBuffer.allocate((regression ? 4 : 1) + 4 * featureCount);
    this.out.writeInt(ExampleShard.MAGIC);
    this.out.writeInt(count);
    this.out.writeInt(featureCount);
    this.out.writeInt(classCount);
  }

  /** A classification example. */
  void add(int label, float[] features) throws IOException {
    example.clear();
    example.put((byte) label);
    write(features);
  }

  /** A regression example. */
  void add(float target, float[] features) throws IOException {
    example.clear();
    example.putFloat(target);
    write(features);
  }

  private void write(float[] features) throws IOException {
    for (int j = 0; j < featureCount; j++) {
      example.putFloat(features[j]);
    }
    out.write(example.array(), 0, example.position());
    written++;
  }

  boolean regression() {
    return regression;
  }

  /** Flushes the shard; fails unless it holds the count its header says. */
  void finish() throws IOException {
    if (written != count) {
      throw new IllegalStateException("a shard of " + count + " examples was given " + written);
    }
    out.flush();
  }
}
