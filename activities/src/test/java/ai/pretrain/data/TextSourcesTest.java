package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.plugin.LabeledTexts;
import ai.pretrain.source.MinioSources;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SourceSpec;
import ai.pretrain.spec.TransformerSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SpamAssassin emails as JSON Lines in the real MinIO server go through the same BPE tokenizer and token shards
 * as the built-in {@code spam-assassin} reader, byte for byte; a corpus by URI trains the tokenizer.
 */
class TextSourcesTest {

  private static final PrepSpec PREP = new PrepSpec(0.1, 0.2, 0.05, 2000);
  private static final TransformerSpec SMALL = new TransformerSpec(400, 32, 1, 2, 64, 0.1, 0.15, TransformerSpec.MEAN);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private MinioSources minio;
  private Path dataRoot;
  private SourcePrepEnvironment environment;
  private DataPrepActivities dataPrep;

  @BeforeEach
  void connect() throws Exception {
    minio = new MinioSources("text-sources-test");
    dataRoot = TestData.require("spam-assassin/spam-assassin.jsonl", "spam-assassin");
    environment = new SourcePrepEnvironment(minio);
    dataPrep = environment.activities(work, dataRoot);
  }

  @AfterEach
  void close() {
    environment.close();
  }

  @Test
  void spamEmailsAsJsonlGiveTheBuiltInSpamAssassinTokensAndShards() throws Exception {
    LabeledTexts emails = new DatasetCatalog(dataRoot).readTexts("spam-assassin");
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < emails.size(); i++) {
      jsonl.append(JSON.writeValueAsString(Map.of("id", "email-" + i, "body", emails.texts().get(i),
          "label", emails.classNames().get(emails.labels()[i])))).append('\n');
    }
    String uri = minio.put("emails.jsonl", jsonl.toString().getBytes(StandardCharsets.UTF_8));
    PretrainSpec pretrain = transformer(null);
    RunContext run = new RunContext("run-text", "text-sources-test", 42);

    PreparedData builtIn = dataPrep.prepareText(run, new DatasetSpec("spam-assassin"), PREP, pretrain);
    DatasetSpec byUri = new DatasetSpec(null, uri, null, null, "label", null, "body", "id", null, null, null, null,
        null, null);
    PreparedData own = dataPrep.prepareText(run, byUri, PREP, pretrain);
    assertEquals(SourcePrepEnvironment.shardHashes(builtIn), SourcePrepEnvironment.shardHashes(own));
    assertTrue(own.artifacts().containsKey(Artifacts.DATASET_CARD));
  }

  /**
   * How exports write the same labeled documents: JSON labels as strings, booleans or integers, and CSV with quoted
   * multi-line text and Windows line ends. The classes sort the same way in each, so the shards are identical.
   */
  @Test
  void labelsAsJsonBooleansOrIntegersAndCsvWithMultiLineTextGiveTheSameShards() throws Exception {
    StringBuilder named = new StringBuilder();
    StringBuilder flags = new StringBuilder();
    StringBuilder numbers = new StringBuilder();
    StringBuilder csv = new StringBuilder("id,body,label\r\n");
    for (int i = 0; i < 60; i++) {
      boolean whale = i % 2 == 0;
      String body = whale ? "the whale swam " + i + " leagues,\nthen \"dove\"" : "the ship sailed " + i + " miles";
      named.append(JSON.writeValueAsString(Map.of("body", body, "label", whale ? "whale" : "ship"))).append('\n');
      flags.append(JSON.writeValueAsString(Map.of("body", body, "label", whale))).append('\n');
      numbers.append(JSON.writeValueAsString(Map.of("body", body, "label", whale ? 1 : 0))).append('\n');
      csv.append("doc-").append(i).append(",\"").append(body.replace("\"", "\"\"")).append("\",")
          .append(whale ? "whale" : "ship").append("\r\n");
    }
    RunContext run = new RunContext("run-exports", "text-sources-test", 42);
    List<Map<String, String>> shards = new ArrayList<>();
    for (Map.Entry<String, StringBuilder> export : List.of(Map.entry("named.jsonl", named),
        Map.entry("flags.jsonl", flags), Map.entry("numbers.jsonl", numbers), Map.entry("export.csv", csv))) {
      String uri = minio.put("exports/" + export.getKey(),
          export.getValue().toString().getBytes(StandardCharsets.UTF_8));
      PreparedData data = dataPrep.prepareText(run, new DatasetSpec(null, uri, null, null, "label", null, "body", null,
          null, null, null, null, null, null), PREP, transformer(null));
      assertEquals(2, data.classes().intValue(), export.getKey());
      shards.add(SourcePrepEnvironment.shardHashes(data));
    }
    assertEquals(List.of(shards.get(0), shards.get(0), shards.get(0), shards.get(0)), shards);
  }

  @Test
  void aCorpusByUriTrainsTheTokenizerAndAMissingTextColumnIsNamed() throws Exception {
    StringBuilder corpus = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      corpus.append(JSON.writeValueAsString(Map.of("text", "the whale swam " + i + " leagues under the grey sea")))
          .append('\n');
    }
    String uri = minio.put("corpus/part-0.jsonl", corpus.toString().getBytes(StandardCharsets.UTF_8));
    RunContext run = new RunContext("run-corpus", "text-sources-test", 42);
    PreparedData data = dataPrep.prepareText(run, new DatasetSpec("spam-assassin"), PREP,
        transformer(SourceSpec.at(minio.uri("corpus/"), "jsonl", "text")));
    assertTrue(data.metrics().get("corpusWindows") > 0, data.metrics().toString());

    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> dataPrep.prepareText(run,
        new DatasetSpec("spam-assassin"), PREP, transformer(SourceSpec.at(uri, null, "body"))));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals("BadData", cause.getType());
    assertTrue(cause.getOriginalMessage()
        .contains(uri + ": has no column 'body' (pretrain.corpus.text); its columns are text"),
        cause.getOriginalMessage());
  }

  @Test
  void aFixedTestSetOfDocumentsIsTheirTestSplitAndTheRestTrainsAndValidates() throws Exception {
    StringBuilder train = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      train.append(JSON.writeValueAsString(Map.of("body", i % 2 == 0 ? "the whale swam " + i + " leagues"
          : "the ship sailed " + i + " miles", "label", i % 2 == 0 ? "whale" : "ship"))).append('\n');
    }
    StringBuilder holdout = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      holdout.append(JSON.writeValueAsString(Map.of("body", "the whale dove " + i + " fathoms", "label", "whale")))
          .append('\n');
    }
    String uri = minio.put("fixed/train.jsonl", train.toString().getBytes(StandardCharsets.UTF_8));
    String test = minio.put("fixed/holdout.jsonl", holdout.toString().getBytes(StandardCharsets.UTF_8));
    DatasetSpec byUri = new DatasetSpec(null, uri, null, null, "label", null, "body", null, null,
        SourceSpec.at(test, null, null), null, null, null, null);
    PreparedData data = dataPrep.prepareText(new RunContext("run-fixed", "text-sources-test", 42), byUri, PREP,
        transformer(null));
    assertEquals(List.of(10.0, 6.0, 54.0, 2.0), List.of(data.metrics().get("testExamples"),
        data.metrics().get("validationExamples"), data.metrics().get("trainExamples"), data.metrics().get("classes")));
    ExampleShard testShard = ExampleShard.read(Path.of(java.net.URI.create(data.artifact("test").uri())));
    for (int i = 0; i < testShard.size(); i++) {
      assertEquals(1, testShard.label(i), "every held-out document is a whale (class 1 of ship, whale)");
    }
    assertTrue(new String(Files.readAllBytes(Path.of(java.net.URI.create(data.artifact(Artifacts.DATASET_CARD)
        .uri()))), StandardCharsets.UTF_8).contains(test), "the card names the test set");
  }

  @Test
  void theIdColumnOfATextSetNamesItsTestExamplesWithOrWithoutACheckpoint() throws Exception {
    // ids that are not row numbers, and labels that can be told from them, so a row number passed off as an id shows
    StringBuilder texts = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      texts.append(JSON.writeValueAsString(Map.of("id", "doc-" + (1000 + i), "body", i % 2 == 0
          ? "the whale swam " + i + " leagues" : "the ship sailed " + i + " miles", "label",
          i % 2 == 0 ? "whale" : "ship"))).append('\n');
    }
    DatasetSpec byUri = new DatasetSpec(null, minio.put("ids/texts.jsonl", texts.toString().getBytes(
        StandardCharsets.UTF_8)), null, null, "label", null, "body", "id", null, null, null, null, null, null);
    Path tiny = Path.of("src/test/resources/hf/tiny-bert");
    for (String file : List.of("config.json", "tokenizer.json")) {
      minio.put("ids/tiny-bert/" + file, Files.readAllBytes(tiny.resolve(file)));
    }

    PreparedData scratch = dataPrep.prepareText(new RunContext("run-ids", "text-sources-test", 42), byUri, PREP,
        transformer(null));
    PreparedData imported = dataPrep.prepareCheckpointText(new RunContext("run-ids", "text-sources-test", 42), byUri,
        PREP, new CheckpointSpec(minio.uri("ids/tiny-bert/"), null), 32);

    for (PreparedData data : List.of(scratch, imported)) {
      TestExamples examples = JSON.readValue(Files.readAllBytes(Path.of(java.net.URI.create(
          data.artifact(Artifacts.TEST_EXAMPLES).uri()))), TestExamples.class);
      ExampleShard test = ExampleShard.read(Path.of(java.net.URI.create(data.artifact(Artifacts.TEST).uri())));
      assertEquals(test.size(), examples.ids().size());
      for (int i = 0; i < test.size(); i++) {
        int document = Integer.parseInt(examples.ids().get(i).substring("doc-".length())) - 1000;
        assertEquals(document % 2 == 0 ? "whale" : "ship", examples.classNames().get(test.label(i)),
            "test example " + i + " is " + examples.ids().get(i));
      }
    }
  }

  private static PretrainSpec transformer(SourceSpec corpus) {
    return new PretrainSpec("masked-lm", null, 32, null, null, 1, 16, 3e-3, null, null, 60, PretrainSpec.TRANSFORMER,
        null, corpus, SMALL, null);
  }

}
