package ai.pretrain.data;

import ai.pretrain.plugin.DatasetReader;
import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.artifact.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The example of a dataset reader plugin in docs/architecture-and-contributing.md, registered in this module's test
 * {@code META-INF/services/ai.pretrain.plugin.Plugin}: reads {@code <data root>/synthetic/synthetic.ptds}, which the
 * data-prep tests write.
 */
public final class SyntheticDataset implements DatasetReader {

  @Override
  public String name() {
    return "synthetic";
  }

  @Override
  public String summary() {
    return "a small generated table the data-prep tests write";
  }

  @Override
  public boolean images() {
    return false;
  }

  @Override
  public LabeledDataset read(Path dataRoot) throws IOException {
    ExampleShard shard = ExampleShard.read(file(dataRoot));
    int n = shard.featureCount();
    float[] features = new float[shard.size() * n];
    int[] labels = new int[shard.size()];
    for (int i = 0; i < shard.size(); i++) {
      shard.copyFeatures(i, features, i * n);
      labels[i] = shard.label(i);
    }
    // rawScale false: the tests read example ids back out of feature 0
    return new LabeledDataset(features, labels, n, shard.classCount(), 0, 0, false);
  }

  @Override
  public String checksum(Path dataRoot) throws IOException {
    return Sha256.of(Files.readAllBytes(file(dataRoot)));
  }

  private static Path file(Path dataRoot) {
    return dataRoot.resolve("synthetic").resolve("synthetic.ptds");
  }
}
