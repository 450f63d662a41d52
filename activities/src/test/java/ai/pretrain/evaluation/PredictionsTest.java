package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionsTest {

  @TempDir Path work;

  @Test
  void aClassifiersRowsCarryIdTrueClassPredictionAndProbabilities() throws IOException {
    Predictions predictions = new Predictions(List.of("c-7", "c,9"), List.of("no", "yes"));
    predictions.classifier("pretrained", new float[][] {{0.25f, 0.75f}, {0.9f, 0.1f}});
    predictions.classifier("scratch", new float[][] {{0.6f, 0.4f}, {0.5f, 0.5f}});
    assertEquals("""
        id,label,pretrained.prediction,pretrained.p.no,pretrained.p.yes,scratch.prediction,scratch.p.no,scratch.p.yes
        c-7,yes,yes,0.250000,0.750000,no,0.600000,0.400000
        "c,9",no,no,0.900000,0.100000,no,0.500000,0.500000
        """, csv(predictions, new int[] {1, 0}, null));
  }

  @Test
  void aRegressionsRowsCarryRowNumberTargetAndEachPrediction() throws IOException {
    Predictions predictions = new Predictions(null, null);
    predictions.regression("pretrained", new double[] {151.5, 75.0});
    assertEquals("""
        id,target,pretrained.prediction
        0,150.0,151.5
        1,80.0,75.0
        """, csv(predictions, null, new double[] {150, 80}));
  }

  @Test
  void aRegressionsNumbersAreWrittenAtTheFloatPrecisionTheyWereTrainedAt() throws IOException {
    // a target of 5790.6 comes back from its standardized float32 as 5790.599994870308, which no file held
    Predictions predictions = new Predictions(null, null);
    predictions.regression("pretrained", new double[] {5691.752252133548});
    assertEquals("""
        id,target,pretrained.prediction
        0,5790.6,5691.7524
        """, csv(predictions, null, new double[] {5790.599994870308}));
  }

  private String csv(Predictions predictions, int[] labels, double[] targets) throws IOException {
    Path file = work.resolve("predictions.csv");
    predictions.write(file, labels, targets);
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
