package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.source.MinioSources;
import io.minio.PutObjectArgs;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text data prep does not hold the documents: 96 MiB of JSON Lines text in the real MinIO server goes through data
 * prep (tokenizer, sequences, windows, shards) in a JVM whose whole heap is 32 MiB. Holding the documents, as the
 * in-memory path did, takes the text's size in strings alone and fails with an OutOfMemoryError.
 */
class TextPrepHeapBoundTest {

  private static final long TEXT_BYTES = 96L << 20;
  private static final String HEAP = "-Xmx32m";

  @TempDir Path work;

  @Test
  void ninetySixMibOfTextArePreparedInAThirtyTwoMibHeap() throws Exception {
    MinioSources minio = new MinioSources("text-heap-test");
    Path jsonl = work.resolve("documents.jsonl");
    int documents = generate(jsonl);
    try (InputStream in = Files.newInputStream(jsonl)) {
      minio.client().putObject(PutObjectArgs.builder().bucket(MinioSources.BUCKET).object(minio.key("documents.jsonl"))
          .stream(in, Files.size(jsonl), -1).build());
    }
    Files.delete(jsonl);

    ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        HEAP, "-cp", System.getProperty("java.class.path"), TextPrepInSmallHeap.class.getName(),
        minio.uri("documents.jsonl"), Files.createDirectory(work.resolve("store")).toString(),
        Files.createDirectory(work.resolve("builtin")).toString())
        .redirectErrorStream(true);
    child.environment().putAll(minio.env());
    Process process = child.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(10, TimeUnit.MINUTES));
    assertEquals(0, process.exitValue(), output);
    assertEquals(documents, metric(output, "trainExamples") + metric(output, "validationExamples")
        + metric(output, "testExamples"), output);
  }

  private static double metric(String output, String name) {
    Matcher value = Pattern.compile(name + "=([0-9.]+)").matcher(output);
    assertTrue(value.find(), output);
    return Double.parseDouble(value.group(1));
  }

  /** Documents of 150 to 250 words drawn from 3,000 made-up ones, two classes; returns how many were written. */
  private static int generate(Path file) throws Exception {
    Random random = new Random(7);
    List<String> words = new ArrayList<>();
    String[] syllables = {"ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "pe", "du", "ga", "zi", "ho", "be", "fu"};
    while (words.size() < 3000) {
      StringBuilder word = new StringBuilder();
      for (int s = 0, n = 1 + random.nextInt(4); s < n; s++) {
        word.append(syllables[random.nextInt(syllables.length)]);
      }
      words.add(word.toString());
    }
    int documents = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      long written = 0;
      while (written < TEXT_BYTES) {
        StringBuilder line = new StringBuilder("{\"body\":\"");
        for (int w = 0, n = 150 + random.nextInt(100); w < n; w++) {
          // a skewed draw, as word frequencies are
          line.append(w == 0 ? "" : " ").append(words.get((int) (words.size() * Math.pow(random.nextDouble(), 3))));
        }
        line.append(".\",\"label\":\"").append(random.nextBoolean() ? "spam" : "ham").append("\"}\n");
        out.write(line.toString());
        written += line.length();
        documents++;
      }
    }
    return documents;
  }
}
