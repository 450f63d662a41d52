package ai.pretrain.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.numerics.Permutation;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SequenceClassificationTest {

  static final int LENGTH = 64;

  @Test
  void fineTunesAPretrainedEncoderOnSpamVersusHam() throws Exception {
    TorchThreads.single();
    TextCorpus emails = TextCorpora.read("spam-assassin");
    int[] order = Permutation.of(emails.size(), new Random(42));
    BpeTokenizer tokenizer = new BpeTrainer(LanguageModelPretrainingTest.SMALL.vocabularySize(), 2)
        .train(java.util.Arrays.stream(order, 0, 600).mapToObj(i -> emails.documents().get(i).text()).toList());
    int[][] train = new int[400][];
    int[] trainLabels = new int[400];
    int[][] test = new int[200][];
    int[] testLabels = new int[200];
    for (int i = 0; i < 600; i++) {
      TextCorpus.Document email = emails.documents().get(order[i]);
      int[] ids = tokenizer.classifierSequence(email.text(), LENGTH);
      int label = "spam".equals(email.label()) ? 1 : 0;
      if (i < 400) {
        train[i] = ids;
        trainLabels[i] = label;
      } else {
        test[i - 400] = ids;
        testLabels[i - 400] = label;
      }
    }

    TransformerConfig config = new TransformerConfig(500, LENGTH, 64, 2, 4, 128, 0.1f, false);
    byte[] encoder;
    try (LanguageModelPretraining bert = new LanguageModelPretraining(config,
        new MaskedTokenExamples(tokenizer, 0.15), LENGTH, 3e-3f, 42)) {
      bert.fit(emailWindows(bert, tokenizer, emails, order), 100, 16);
      encoder = bert.encoderWeights();
    }
    try (SequenceClassification classifier = new SequenceClassification(config, 2,
        TextEncoder.Pooling.MEAN, LENGTH, 1e-3f, 42, encoder)) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(encoder, classifier.encoderWeights(),
          "fine-tuning starts from the pretrained encoder");
      ClassificationResult result = classifier.fit(train, trainLabels, 150, 16);
      int[] predicted = classifier.predict(test, 50);
      int correct = 0;
      for (int i = 0; i < predicted.length; i++) {
        correct += predicted[i] == testLabels[i] ? 1 : 0;
      }
      double accuracy = correct / (double) predicted.length;
      System.out.printf("spam-vs-ham fine-tuning: loss %.3f -> %.3f, held-out accuracy %.3f, %.0f samples/s%n",
          result.meanOfFirst(5), result.meanOfLast(5), accuracy, result.samplesPerSecond());
      assertTrue(result.meanOfLast(5) < result.meanOfFirst(5), "fine-tuning loss should fall");
      assertTrue(accuracy > 0.75, "accuracy " + accuracy + " should beat the ~0.69 majority class");
    }
  }

  private static int[][] emailWindows(LanguageModelPretraining bert, BpeTokenizer tokenizer, TextCorpus emails,
      int[] order) {
    return bert.windows(TokenStream.of(tokenizer, java.util.Arrays.stream(order, 0, 400)
        .mapToObj(i -> emails.documents().get(i).text()).toList()), 0);
  }
}
