package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleShardTest {

  @TempDir Path work;

  /** Example i has features (i, i + 0.5, -i) and label i % classes, so every example is recognisable. */
  static ExampleShard numbered(int count, int classes) {
    float[] features = new float[count * 3];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      features[i * 3] = i;
      features[i * 3 + 1] = i + 0.5f;
      features[i * 3 + 2] = -i;
      labels[i] = i % classes;
    }
    return new ExampleShard(features, labels, 3, classes);
  }

  static float[] featuresOf(ExampleShard shard, int index) {
    float[] row = new float[shard.featureCount()];
    shard.copyFeatures(index, row, 0);
    return row;
  }

  @Test
  void roundTripsThroughAFile() throws IOException {
    ExampleShard shard = numbered(7, 3);
    Path file = work.resolve("seven.ptds");
    shard.write(file);

    ExampleShard read = ExampleShard.read(file);

    assertEquals(7, read.size());
    assertEquals(3, read.featureCount());
    assertEquals(3, read.classCount());
    for (int i = 0; i < 7; i++) {
      assertEquals(shard.label(i), read.label(i));
      assertArrayEquals(featuresOf(shard, i), featuresOf(read, i));
    }
  }

  @Test
  void writesTheDocumentedBigEndianLayout() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    numbered(2, 2).write(bytes);

    // header of four int32, then per example one label byte and three float32
    assertEquals(16 + 2 * (1 + 3 * 4), bytes.size());
    ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
    assertEquals(0x50544453, buffer.getInt(), "magic 'PTDS'");
    assertEquals(2, buffer.getInt());
    assertEquals(3, buffer.getInt());
    assertEquals(2, buffer.getInt());
    assertEquals(0, buffer.get());
    assertEquals(0f, buffer.getFloat());
    assertEquals(0.5f, buffer.getFloat());
    assertEquals(0f, buffer.getFloat());
    assertEquals(1, buffer.get());
    assertEquals(1f, buffer.getFloat());
  }

  @Test
  void keepsLabelsUpTo255AsUnsignedBytes() throws IOException {
    ExampleShard shard = new ExampleShard(new float[] {1f, 2f}, new int[] {200, 255}, 1, 256);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    shard.write(bytes);

    ExampleShard read = ExampleShard.read(new ByteArrayInputStream(bytes.toByteArray()));

    assertEquals(200, read.label(0));
    assertEquals(255, read.label(1));
  }

  @Test
  void refusesAFileWithTheWrongMagic() throws IOException {
    Path file = work.resolve("not-a-shard.ptds");
    Files.write(file, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

    IOException e = assertThrows(IOException.class, () -> ExampleShard.read(file));

    assertTrue(e.getMessage().contains("not an example shard"), e.getMessage());
    assertTrue(e.getMessage().contains("0x504b0304"), e.getMessage());
    assertTrue(e.getMessage().contains("0x50544453"), e.getMessage());
  }

  @Test
  void failsOnATruncatedShard() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    numbered(4, 2).write(bytes);
    byte[] truncated = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 5);

    assertThrows(IOException.class, () -> ExampleShard.read(new ByteArrayInputStream(truncated)));
  }

  @Test
  void rejectsFeaturesThatDoNotMatchTheLabels() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ExampleShard(new float[5], new int[2], 3, 2));

    assertTrue(e.getMessage().contains("expected 2 x 3"), e.getMessage());
  }

  @Test
  void selectsExamplesInTheGivenOrderWithRepeats() {
    ExampleShard shard = numbered(6, 3);

    ExampleShard picked = shard.select(new int[] {4, 1, 4});

    assertEquals(3, picked.size());
    assertEquals(3, picked.classCount());
    assertEquals(List.of(1, 1, 1), List.of(picked.label(0), picked.label(1), picked.label(2)));
    assertArrayEquals(new float[] {4f, 4.5f, -4f}, featuresOf(picked, 0));
    assertArrayEquals(new float[] {1f, 1.5f, -1f}, featuresOf(picked, 1));
    assertArrayEquals(new float[] {4f, 4.5f, -4f}, featuresOf(picked, 2));
    assertEquals(0, shard.select(new int[0]).size());
  }

  @Test
  void concatenatesShardsInOrder() {
    ExampleShard all = numbered(5, 2);
    ExampleShard first = all.select(new int[] {0, 1});
    ExampleShard second = all.select(new int[] {2, 3, 4});

    ExampleShard joined = ExampleShard.concat(List.of(first, second));

    assertEquals(5, joined.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(all.label(i), joined.label(i));
      assertArrayEquals(featuresOf(all, i), featuresOf(joined, i));
    }
  }

  @Test
  void copiesFeaturesAtAnOffset() {
    float[] target = new float[7];
    numbered(3, 2).copyFeatures(2, target, 4);

    assertArrayEquals(new float[] {0, 0, 0, 0, 2f, 2.5f, -2f}, target);
  }
}
