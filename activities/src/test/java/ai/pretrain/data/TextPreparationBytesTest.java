package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.pretrain.artifact.Sha256;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.source.MinioSources;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SourceSpec;
import ai.pretrain.spec.TransformerSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text data prep writes the bytes it wrote when it held every document in memory (commit 885866a): the tokenizer and
 * every shard of the built-in {@code spam-assassin} set, alone, with a corpus by URI and tokenized by an imported
 * checkpoint's tokenizer, pinned by their sha256.
 */
class TextPreparationBytesTest {

  private static final PrepSpec PREP = new PrepSpec(0.1, 0.2, 0.05, 2000);
  private static final TransformerSpec SMALL = new TransformerSpec(400, 32, 1, 2, 64, 0.1, 0.15, TransformerSpec.MEAN);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private MinioSources minio;
  private SourcePrepEnvironment environment;
  private DataPrepActivities dataPrep;

  @BeforeEach
  void connect() throws Exception {
    minio = new MinioSources("text-bytes-test");
    environment = new SourcePrepEnvironment(minio);
    dataPrep = environment.activities(work, TestData.require("spam-assassin/spam-assassin.jsonl", "spam-assassin"));
  }

  @AfterEach
  void close() {
    environment.close();
  }

  @Test
  void theBuiltInSpamAssassinSetGivesTheTokenizerAndShardsItGaveInMemory() {
    PreparedData data = dataPrep.prepareText(new RunContext("run-bytes", "text-bytes-test", 42),
        new DatasetSpec("spam-assassin"), PREP, transformer(null));
    assertEquals("d4ef3e1846e17f40b5cb61f310d0beba4b1e3a23f1455f668cfd9532f1e3e675", digest(data),
        SourcePrepEnvironment.shardHashes(data).toString());
  }

  @Test
  void aCorpusByUriGivesTheTokenizerAndShardsItGaveInMemory() throws Exception {
    StringBuilder corpus = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      corpus.append(JSON.writeValueAsString(Map.of("text", "the whale swam " + i + " leagues under the grey sea, "
          + "and the ship " + (i * 7 % 13) + " followed"))).append('\n');
    }
    minio.put("corpus/part-0.jsonl", corpus.toString().getBytes(StandardCharsets.UTF_8));
    PreparedData data = dataPrep.prepareText(new RunContext("run-bytes-corpus", "text-bytes-test", 7),
        new DatasetSpec("spam-assassin"), PREP, transformer(SourceSpec.at(minio.uri("corpus/"), "jsonl", "text")));
    assertEquals("2470b7e3d379231656015a2605f6cd284e032e094c8b589f80d2983116b94b88", digest(data),
        SourcePrepEnvironment.shardHashes(data).toString());
  }

  @Test
  void aCheckpointsTokenizerGivesTheShardsItGaveInMemory() throws Exception {
    Path tiny = Path.of("src/test/resources/hf/tiny-bert");
    for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "vocab.txt",
        "tokenizer_config.json", "special_tokens_map.json")) {
      minio.put("tiny-bert/" + file, Files.readAllBytes(tiny.resolve(file)));
    }
    PreparedData data = dataPrep.prepareCheckpointText(new RunContext("run-bytes-checkpoint", "text-bytes-test", 42),
        new DatasetSpec("spam-assassin"), PREP, new CheckpointSpec(minio.uri("tiny-bert/"), null), 48);
    assertEquals("b9996d4be7e1398a377ebb288997c1d99feda3e3d9624780868cf08b69d5ad8e", digest(data),
        SourcePrepEnvironment.shardHashes(data).toString());
  }

  private static String digest(PreparedData data) {
    return Sha256.of(SourcePrepEnvironment.shardHashes(data).toString());
  }

  static PretrainSpec transformer(SourceSpec corpus) {
    return new PretrainSpec("masked-lm", null, 32, null, null, 1, 16, 3e-3, null, null, 60, PretrainSpec.TRANSFORMER,
        null, corpus, SMALL, null);
  }
}
