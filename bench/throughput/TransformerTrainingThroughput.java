// Training throughput of the platform's causal-LM pretraining (LanguageModelPretraining: pre-LayerNorm encoder,
// learned positions, causal mask, LM head, token cross-entropy, Adam, global-norm clipping at 1.0) at vocab 8000,
// hidden 256, 4 layers, 4 heads, ffn 1024, sequence 128, batch 32, dropout off; the PyTorch side is torch_bench.py.
package ai.pretrain.training;

import ai.pretrain.text.LanguageModelPretraining;
import ai.pretrain.text.NextTokenExamples;
import ai.pretrain.text.TransformerConfig;

/** Samples/s of the causal-LM trainer: a warm-up, then timed repeats, one JSON line. */
public final class TransformerTrainingThroughput {

  static final TransformerConfig CONFIG = new TransformerConfig(8000, 128, 256, 4, 4, 1024, 0f, true);
  static final int SEQUENCE = 128;
  static final int BATCH = 32;
  static final int WINDOWS = 8 * BATCH;
  static final float LEARNING_RATE = 1e-3f;
  static final long SEED = 42;

  private TransformerTrainingThroughput() {}

  public static void main(String[] args) throws Exception {
    int warmup = Integer.parseInt(args[0]);
    int steps = Integer.parseInt(args[1]);
    int repeats = Integer.parseInt(args[2]);
    int[][] windows = syntheticWindows();
    Throughput throughput = new Throughput("transformer", BATCH, warmup, steps, repeats);
    try (LanguageModelPretraining gpt =
        new LanguageModelPretraining(CONFIG, new NextTokenExamples(), SEQUENCE, LEARNING_RATE, SEED)) {
      gpt.fit(windows, warmup, BATCH);
      for (int r = 0; r < repeats; r++) {
        throughput.time(() -> gpt.fit(windows, steps, BATCH));
      }
    }
    System.out.println(throughput.json());
  }

  /** The windows torch_bench.py builds too: token t of window i is 4 + ((7919 i + 104729 t) mod 7996). */
  static int[][] syntheticWindows() {
    int[][] windows = new int[WINDOWS][SEQUENCE + 1];
    for (int i = 0; i < WINDOWS; i++) {
      for (int t = 0; t <= SEQUENCE; t++) {
        windows[i][t] = 4 + (int) ((7919L * i + 104729L * t) % (CONFIG.vocabularySize() - 4));
      }
    }
    return windows;
  }
}
