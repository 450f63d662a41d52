package ai.pretrain.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Labeled examples with dense float features, in the platform's shard format ({@code .ptds}, big-endian): int32 magic
 * "PTDS", int32 count, int32 features, int32 classes, then per example one unsigned label byte and the features as
 * float32.
 */
public final class ExampleShard {

  static final int MAGIC = 0x50544453;

  private final float[] features;
  private final int[] labels;
  private final int featureCount;
  private final int classCount;

  public ExampleShard(float[] features, int[] labels, int featureCount, int classCount) {
    if (features.length != labels.length * featureCount) {
      throw new IllegalArgumentException(
          "features hold " + features.length + " values, expected " + labels.length + " x " + featureCount);
    }
    this.features = features;
    this.labels = labels;
    this.featureCount = featureCount;
    this.classCount = classCount;
  }

  public static ExampleShard read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  public static ExampleShard read(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new IOException(String.format("not an example shard: magic 0x%08x, expected 0x%08x", magic, MAGIC));
    }
    int count = in.readInt();
    int featureCount = in.readInt();
    int classCount = in.readInt();
    float[] features = new float[count * featureCount];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = in.readUnsignedByte();
      for (int j = 0; j < featureCount; j++) {
        features[i * featureCount + j] = in.readFloat();
      }
    }
    return new ExampleShard(features, labels, featureCount, classCount);
  }

  public void write(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      write(out);
    }
  }

  public void write(OutputStream raw) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
    out.writeInt(MAGIC);
    out.writeInt(size());
    out.writeInt(featureCount);
    out.writeInt(classCount);
    for (int i = 0; i < size(); i++) {
      out.writeByte(labels[i]);
      for (int j = 0; j < featureCount; j++) {
        out.writeFloat(features[i * featureCount + j]);
      }
    }
    out.flush();
  }

  /** The examples at {@code indices}, in that order. */
  public ExampleShard select(int[] indices) {
    float[] picked = new float[indices.length * featureCount];
    int[] pickedLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(features, indices[i] * featureCount, picked, i * featureCount, featureCount);
      pickedLabels[i] = labels[indices[i]];
    }
    return new ExampleShard(picked, pickedLabels, featureCount, classCount);
  }

  /** Several shards as one, in order. */
  public static ExampleShard concat(java.util.List<ExampleShard> shards) {
    ExampleShard first = shards.get(0);
    int total = shards.stream().mapToInt(ExampleShard::size).sum();
    float[] features = new float[total * first.featureCount];
    int[] labels = new int[total];
    int offset = 0;
    for (ExampleShard shard : shards) {
      System.arraycopy(shard.features, 0, features, offset * first.featureCount, shard.features.length);
      System.arraycopy(shard.labels, 0, labels, offset, shard.size());
      offset += shard.size();
    }
    return new ExampleShard(features, labels, first.featureCount, first.classCount);
  }

  /** Copies example {@code index}'s features into {@code target} at {@code offset}. */
  public void copyFeatures(int index, float[] target, int offset) {
    System.arraycopy(features, index * featureCount, target, offset, featureCount);
  }

  public int label(int index) {
    return labels[index];
  }

  public int size() {
    return labels.length;
  }

  public int featureCount() {
    return featureCount;
  }

  public int classCount() {
    return classCount;
  }
}
