package ai.pretrain.data;

import ai.pretrain.plugin.DatasetReader;
import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.artifact.Sha256;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * 442 diabetes patients, 10 baseline measurements (age, sex, body mass index, blood pressure, six blood serum
 * values) and a continuous target, disease progression one year later: scikit-learn's diabetes regression set, read
 * from the unscaled files it ships ({@code diabetes_data_raw.csv.gz}: one space-separated row of features per
 * patient; {@code diabetes_target.csv.gz}: one target per line), which {@code scripts/fetch-data.sh sklearn} puts under
 * {@code <data root>/sklearn/}.
 */
public final class DiabetesDataset implements DatasetReader {

  static final String FEATURES_FILE = "diabetes_data_raw.csv.gz";
  static final String TARGET_FILE = "diabetes_target.csv.gz";
  private static final int FEATURES = 10;

  @Override
  public String name() {
    return "diabetes";
  }

  @Override
  public String summary() {
    return "442 diabetes patients, 10 measurements, disease progression after a year to predict (scikit-learn's "
        + "diabetes, regression)";
  }

  @Override
  public boolean images() {
    return false;
  }

  @Override
  public boolean regression() {
    return true;
  }

  @Override
  public LabeledDataset read(Path dataRoot) throws IOException {
    Path featuresFile = dataRoot.resolve("sklearn").resolve(FEATURES_FILE);
    Path targetFile = dataRoot.resolve("sklearn").resolve(TARGET_FILE);
    List<String[]> rows = lines(featuresFile, FEATURES);
    List<String[]> targetRows = lines(targetFile, 1);
    if (rows.size() != targetRows.size()) {
      throw new IOException(featuresFile + " has " + rows.size() + " rows but " + targetFile + " has "
          + targetRows.size() + " targets");
    }
    float[] features = new float[rows.size() * FEATURES];
    float[] targets = new float[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < FEATURES; j++) {
        features[i * FEATURES + j] = number(rows.get(i)[j], featuresFile, i);
      }
      targets[i] = number(targetRows.get(i)[0], targetFile, i);
    }
    return LabeledDataset.regressionTable(features, targets, FEATURES);
  }

  @Override
  public String checksum(Path dataRoot) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    digest.update(Files.readAllBytes(dataRoot.resolve("sklearn").resolve(FEATURES_FILE)));
    digest.update(Files.readAllBytes(dataRoot.resolve("sklearn").resolve(TARGET_FILE)));
    return Sha256.hex(digest);
  }

  /** The non-blank lines of a gzipped whitespace-separated file, each of exactly {@code cells} cells. */
  private static List<String[]> lines(Path file, int cells) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String[] row = line.trim().split("\\s+");
        if (row.length != cells) {
          throw new IOException(file + " row " + (rows.size() + 1) + ": " + row.length + " cells, expected " + cells);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static float number(String cell, Path file, int row) throws IOException {
    try {
      return Float.parseFloat(cell);
    } catch (NumberFormatException e) {
      throw new IOException(file + " row " + (row + 1) + ": '" + cell + "' is not a number", e);
    }
  }
}
