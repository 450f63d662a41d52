// Times training steps of the text transformer (ai.pretrain.text) on synthetic token windows, so the numbers can be
// compared with the same model in PyTorch: samples/s and tokens/s after warm-up, one JSON line per configuration.
// Run through transformer-step.sh, which builds the classpath.
import ai.pretrain.text.LanguageModelExamples;
import ai.pretrain.text.LanguageModelPretraining;
import ai.pretrain.text.NextTokenExamples;
import ai.pretrain.text.PretrainingResult;
import ai.pretrain.text.TransformerConfig;
import java.util.Random;

public class TransformerStepBench {

  record Case(String name, TransformerConfig config, int sequence, int batch) {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Case[] cases = {
        new Case("tiny (test size)", new TransformerConfig(500, 32, 64, 2, 4, 128, 0.1f, true), 32, 16),
        new Case("small", new TransformerConfig(8000, 128, 256, 4, 4, 1024, 0.1f, true), 128, 32),
    };
    for (Case c : cases) {
      LanguageModelExamples objective = new NextTokenExamples();
      try (LanguageModelPretraining gpt = new LanguageModelPretraining(c.config, objective, c.sequence, 1e-3f, 42)) {
        int[][] windows = new int[256][objective.windowLength(c.sequence)];
        Random random = new Random(42);
        for (int[] w : windows) {
          for (int i = 0; i < w.length; i++) {
            w[i] = 4 + random.nextInt(c.config.vocabularySize() - 4);
          }
        }
        gpt.fit(windows, 5, c.batch); // warm-up: allocator, autograd graph, JIT
        PretrainingResult r = gpt.fit(windows, steps, c.batch);
        System.out.printf("{\"case\": \"%s\", \"objective\": \"%s\", \"vocab\": %d, \"hidden\": %d, \"layers\": %d, "
                + "\"heads\": %d, \"ffn\": %d, \"seq\": %d, \"batch\": %d, \"steps\": %d, \"threads\": \"%s\", "
                + "\"samples_per_s\": %.1f, \"tokens_per_s\": %.0f}%n", c.name, r.objective(),
            c.config.vocabularySize(), c.config.hiddenSize(), c.config.layers(), c.config.heads(),
            c.config.feedForwardSize(), c.sequence, c.batch, steps,
            System.getProperty("ai.djl.pytorch.num_threads", "default"), r.samplesPerSecond(), r.tokensPerSecond());
      }
    }
  }
}
