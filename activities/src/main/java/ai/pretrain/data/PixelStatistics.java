package ai.pretrain.data;

import ai.pretrain.source.ExampleRows;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each colour channel's pixel mean and standard deviation over the training split, as data prep records them: what a
 * network that reads pixels directly standardizes its input with (torchvision's {@code Normalize}, Hugging Face's
 * {@code image_mean} and {@code image_std}). Pixels in [0, 1] are all positive, so a first Adam step moves every
 * fully connected unit's pre-activation by about rate x mean pixel x pixel count, the same way for every image; on
 * large bright images that pushes most ReLU units to 0 for good. Centred input has no such common direction.
 */
public record PixelStatistics(List<Double> mean, List<Double> standardDeviation) {

  /**
   * In data prep's cache key: results cached before images' statistics were recorded miss once, so that new runs
   * standardize their pixels.
   */
  static final String RECORDED = "per-channel";

  /** The metric names data prep records channel {@code c}'s statistics under: {@code pixelMean.<c>}, .. */
  static final String MEAN = "pixelMean.";
  static final String STANDARD_DEVIATION = "pixelStd.";

  public PixelStatistics {
    mean = List.copyOf(mean);
    standardDeviation = List.copyOf(standardDeviation);
  }

  /**
   * The statistics of the training images {@code train} of {@code examples} ({@code channels} planes in turn); a
   * constant channel keeps a deviation of 1, so it maps to 0.
   */
  static PixelStatistics fit(ExampleRows examples, int[] train, int channels) throws IOException {
    int features = examples.featureCount();
    int plane = features / channels;
    double[] sum = new double[channels];
    double[] squares = new double[channels];
    float[] row = new float[features];
    for (int i : train) {
      examples.features(i, row);
      for (int c = 0; c < channels; c++) {
        double s = 0;
        double q = 0;
        for (int j = c * plane; j < (c + 1) * plane; j++) {
          s += row[j];
          q += (double) row[j] * row[j];
        }
        sum[c] += s;
        squares[c] += q;
      }
    }
    List<Double> mean = new ArrayList<>();
    List<Double> deviation = new ArrayList<>();
    double count = Math.max(1.0, (double) train.length * plane);
    for (int c = 0; c < channels; c++) {
      double m = sum[c] / count;
      double variance = Math.max(0, squares[c] / count - m * m);
      mean.add((double) (float) m);
      deviation.add(variance > 1e-12 ? (double) (float) Math.sqrt(variance) : 1.0);
    }
    return new PixelStatistics(mean, deviation);
  }

  /** The statistics data prep recorded in {@code metrics}, or null where it recorded none (results from before). */
  static PixelStatistics of(Map<String, Double> metrics, int channels) {
    List<Double> mean = new ArrayList<>();
    List<Double> deviation = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      Double m = metrics.get(MEAN + c);
      Double d = metrics.get(STANDARD_DEVIATION + c);
      if (m == null || d == null) {
        return null;
      }
      mean.add(m);
      deviation.add(d);
    }
    return channels == 0 ? null : new PixelStatistics(mean, deviation);
  }

  /** As data prep's metrics. */
  Map<String, Double> toMetrics() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (int c = 0; c < mean.size(); c++) {
      metrics.put(MEAN + c, mean.get(c));
      metrics.put(STANDARD_DEVIATION + c, standardDeviation.get(c));
    }
    return metrics;
  }
}
