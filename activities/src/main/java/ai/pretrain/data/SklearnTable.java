package ai.pretrain.data;

import ai.pretrain.plugin.DatasetReader;
import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.artifact.Sha256;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A classification table in the CSV layout scikit-learn ships ({@code sklearn/datasets/data/*.csv} of Debian's
 * python3-sklearn): a header {@code n_samples,n_features,class names...}, then one row of features and an integer
 * class per example. {@code scripts/fetch-data.sh sklearn} puts the files under {@code <data root>/sklearn/}.
 */
abstract class SklearnTable implements DatasetReader {

  private final String file;

  SklearnTable(String file) {
    this.file = file;
  }

  @Override
  public boolean images() {
    return false;
  }

  @Override
  public LabeledDataset read(Path dataRoot) throws IOException {
    Path path = path(dataRoot);
    try (BufferedReader in = Files.newBufferedReader(path)) {
      String[] header = in.readLine().split(",");
      int rows = Integer.parseInt(header[0].trim());
      int featureCount = Integer.parseInt(header[1].trim());
      int classCount = header.length - 2;
      float[] features = new float[rows * featureCount];
      int[] labels = new int[rows];
      for (int row = 0; row < rows; row++) {
        String line = in.readLine();
        String[] cells = line == null ? new String[0] : line.split(",");
        if (cells.length != featureCount + 1) {
          throw new IOException(path + " row " + (row + 2) + ": " + cells.length + " cells, expected "
              + (featureCount + 1));
        }
        for (int j = 0; j < featureCount; j++) {
          features[row * featureCount + j] = Float.parseFloat(cells[j].trim());
        }
        labels[row] = (int) Double.parseDouble(cells[featureCount].trim());
      }
      return LabeledDataset.table(features, labels, featureCount, classCount);
    }
  }

  @Override
  public String checksum(Path dataRoot) throws IOException {
    return Sha256.of(Files.readAllBytes(path(dataRoot)));
  }

  private Path path(Path dataRoot) {
    return dataRoot.resolve("sklearn").resolve(file);
  }
}
