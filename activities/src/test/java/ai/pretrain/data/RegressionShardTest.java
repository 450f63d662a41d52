package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.source.ExampleRows;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shards of continuous targets: the format's 0-classes form, and what keeps them apart from class labels. */
class RegressionShardTest {

  /** Example i has features (i, -i) and target i * 1.5 - 2. */
  static ExampleShard numbered(int count) {
    float[] features = new float[count * 2];
    float[] targets = new float[count];
    for (int i = 0; i < count; i++) {
      features[i * 2] = i;
      features[i * 2 + 1] = -i;
      targets[i] = i * 1.5f - 2;
    }
    return ExampleShard.regression(features, targets, 2);
  }

  @Test
  void writesZeroClassesAndAFloatTargetWhereTheLabelByteWouldBe() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    numbered(2).write(bytes);

    ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
    assertEquals(ExampleShard.MAGIC, buffer.getInt());
    assertEquals(2, buffer.getInt(), "count");
    assertEquals(2, buffer.getInt(), "features");
    assertEquals(0, buffer.getInt(), "classes: 0 marks a regression shard");
    assertEquals(-2f, buffer.getFloat(), "example 0's target");
    assertEquals(0f, buffer.getFloat());
    assertEquals(0f, buffer.getFloat());
    assertEquals(-0.5f, buffer.getFloat(), "example 1's target");
    assertEquals(1f, buffer.getFloat());
    assertEquals(-1f, buffer.getFloat());
    assertEquals(0, buffer.remaining());
  }

  @Test
  void roundTripsSelectsAndConcatenatesKeepingEachTargetWithItsFeatures() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    numbered(5).write(bytes);
    ExampleShard read = ExampleShard.read(new ByteArrayInputStream(bytes.toByteArray()));

    ExampleShard picked = ExampleShard.concat(List.of(read.select(new int[] {4, 1}), read.select(new int[] {3})));

    assertTrue(picked.isRegression());
    assertEquals(0, picked.classCount());
    assertArrayEquals(new float[] {4f, -0.5f, 2.5f},
        new float[] {picked.target(0), picked.target(1), picked.target(2)});
    assertArrayEquals(new float[] {1f, -1f}, ExampleShardTest.featuresOf(picked, 1));
  }

  @Test
  void aShardIsEitherLabeledOrContinuousAndSaysWhichWhenAskedForTheOther() {
    IllegalStateException noLabels = assertThrows(IllegalStateException.class, () -> numbered(3).label(0));
    assertTrue(noLabels.getMessage().contains("continuous targets"), noLabels.getMessage());
    IllegalStateException noTargets =
        assertThrows(IllegalStateException.class, () -> ExampleShardTest.numbered(3, 2).target(0));
    assertTrue(noTargets.getMessage().contains("class labels"), noTargets.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ExampleShard.concat(List.of(numbered(2), ExampleShardTest.numbered(2, 2))));
  }

  @Test
  void standardizingUsesTheTrainingExamplesStatistics() throws IOException {
    ExampleRows rows = ExampleRows.of(LabeledDataset.regressionTable(
        new float[] {0, 0, 1, -1, 2, -2, 3, -3}, new float[] {-2, -0.5f, 1, 2.5f}, 2));
    float[] first = new float[2];
    rows.features(0, first);

    Standardization.fit(rows, new int[] {0, 1, 2, 3}, null).apply(first);

    assertEquals(-1.3416408f, first[0], 1e-6f);
    assertEquals(1.3416408f, first[1], 1e-6f);
  }
}
