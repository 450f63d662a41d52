package ai.pretrain.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Labeled examples with dense float features, in the platform's shard format ({@code .ptds}, big-endian): int32 magic
 * "PTDS", int32 count, int32 features, int32 classes, then per example one unsigned label byte and the features as
 * float32. A regression shard writes 0 classes and, per example, its continuous target as float32 where a
 * classification shard writes the label byte.
 */
public final class ExampleShard implements LabeledExamples {

  static final int MAGIC = 0x50544453;

  private final float[] features;
  /** Class labels of a classification shard; null in a regression shard. */
  private final int[] labels;
  /** Continuous targets of a regression shard; null in a classification shard. */
  private final float[] targets;
  private final int featureCount;
  private final int classCount;

  /** A classification shard: one class label per example. */
  public ExampleShard(float[] features, int[] labels, int featureCount, int classCount) {
    this(features, labels, null, featureCount, classCount);
  }

  private ExampleShard(float[] features, int[] labels, float[] targets, int featureCount, int classCount) {
    int rows = labels == null ? targets.length : labels.length;
    if (features.length != rows * featureCount) {
      throw new IllegalArgumentException(
          "features hold " + features.length + " values, expected " + rows + " x " + featureCount);
    }
    this.features = features;
    this.labels = labels;
    this.targets = targets;
    this.featureCount = featureCount;
    this.classCount = classCount;
  }

  /** A regression shard: one continuous target per example, no classes. */
  public static ExampleShard regression(float[] features, float[] targets, int featureCount) {
    return new ExampleShard(features, null, targets, featureCount, 0);
  }

  public static ExampleShard read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  public static ExampleShard read(InputStream raw) throws IOException {
    return read(raw, Integer.MAX_VALUE);
  }

  /** The first {@code limit} examples of a shard (all of them where it holds fewer). */
  public static ExampleShard read(InputStream raw, int limit) throws IOException {
    return read(raw, 0, limit);
  }

  /**
   * The {@code limit} examples from example {@code from} on (fewer where the shard ends sooner), skipping the
   * examples before them unread: every example takes the same number of bytes.
   */
  static ExampleShard read(InputStream raw, int from, int limit) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new IOException(String.format("not an example shard: magic 0x%08x, expected 0x%08x", magic, MAGIC));
    }
    int total = in.readInt();
    int featureCount = in.readInt();
    int classCount = in.readInt();
    boolean regression = classCount == 0;
    int skipped = Math.min(from, total);
    int count = Math.min(limit, total - skipped);
    in.skipNBytes(skipped * exampleBytes(featureCount, classCount));
    float[] features = new float[count * featureCount];
    int[] labels = regression ? null : new int[count];
    float[] targets = regression ? new float[count] : null;
    for (int i = 0; i < count; i++) {
      if (regression) {
        targets[i] = in.readFloat();
      } else {
        labels[i] = in.readUnsignedByte();
      }
      for (int j = 0; j < featureCount; j++) {
        features[i * featureCount + j] = in.readFloat();
      }
    }
    return new ExampleShard(features, labels, targets, featureCount, classCount);
  }

  /** The bytes one example takes in a shard: its label byte (or float32 target) and its float32 features. */
  static long exampleBytes(int featureCount, int classCount) {
    return (classCount == 0 ? Float.BYTES : 1) + (long) Float.BYTES * featureCount;
  }

  public void write(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      write(out);
    }
  }

  public void write(OutputStream raw) throws IOException {
    ShardWriter out = new ShardWriter(raw, size(), featureCount, classCount);
    float[] row = new float[featureCount];
    for (int i = 0; i < size(); i++) {
      copyFeatures(i, row, 0);
      if (isRegression()) {
        out.add(targets[i], row);
      } else {
        out.add(labels[i], row);
      }
    }
    out.finish();
  }

  /** The examples at {@code indices}, in that order. */
  public ExampleShard select(int[] indices) {
    float[] picked = new float[indices.length * featureCount];
    int[] pickedLabels = isRegression() ? null : new int[indices.length];
    float[] pickedTargets = isRegression() ? new float[indices.length] : null;
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(features, indices[i] * featureCount, picked, i * featureCount, featureCount);
      if (isRegression()) {
        pickedTargets[i] = targets[indices[i]];
      } else {
        pickedLabels[i] = labels[indices[i]];
      }
    }
    return new ExampleShard(picked, pickedLabels, pickedTargets, featureCount, classCount);
  }

  /** Several shards as one, in order. */
  public static ExampleShard concat(java.util.List<ExampleShard> shards) {
    ExampleShard first = shards.get(0);
    int total = shards.stream().mapToInt(ExampleShard::size).sum();
    float[] features = new float[total * first.featureCount];
    int[] labels = first.isRegression() ? null : new int[total];
    float[] targets = first.isRegression() ? new float[total] : null;
    int offset = 0;
    for (ExampleShard shard : shards) {
      if (shard.isRegression() != first.isRegression()) {
        throw new IllegalArgumentException("cannot join a regression shard with a classification one");
      }
      System.arraycopy(shard.features, 0, features, offset * first.featureCount, shard.features.length);
      if (first.isRegression()) {
        System.arraycopy(shard.targets, 0, targets, offset, shard.size());
      } else {
        System.arraycopy(shard.labels, 0, labels, offset, shard.size());
      }
      offset += shard.size();
    }
    return new ExampleShard(features, labels, targets, first.featureCount, first.classCount);
  }

  @Override
  public void copyFeatures(int index, float[] target, int offset) {
    System.arraycopy(features, index * featureCount, target, offset, featureCount);
  }

  @Override
  public int label(int index) {
    if (isRegression()) {
      throw new IllegalStateException("a regression shard has continuous targets, not class labels");
    }
    return labels[index];
  }

  @Override
  public float target(int index) {
    requireRegression();
    return targets[index];
  }

  @Override
  public boolean isRegression() {
    return targets != null;
  }

  @Override
  public int size() {
    return isRegression() ? targets.length : labels.length;
  }

  private void requireRegression() {
    if (!isRegression()) {
      throw new IllegalStateException("a classification shard has class labels, not continuous targets");
    }
  }

  @Override
  public int featureCount() {
    return featureCount;
  }

  @Override
  public int classCount() {
    return classCount;
  }
}
