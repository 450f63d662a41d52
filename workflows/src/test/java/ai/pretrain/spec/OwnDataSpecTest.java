package ai.pretrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Specs that name the user's own data by URI, and the built-in names beside them. */
class OwnDataSpecTest {

  private final SpecParser parser = new SpecParser();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aTableByUriTakesItsFormatFromTheExtensionAndTheDefaults() {
    DatasetSpec dataset = parser.parse("""
        name: churn
        dataset:
          uri: s3://team-data/churn/customers.csv.gz
          label: churned
          features: [tenure, contract]
          id: customer_id
        """).dataset();
    assertEquals(DatasetSpec.CSV, dataset.format());
    assertEquals(DatasetSpec.CLASSIFICATION, dataset.task());
    assertEquals(DatasetSpec.FAIL, dataset.onBadRecord());
    assertEquals(0.01, dataset.maxBadFraction());
    assertEquals(50, dataset.maxCategories());
    assertEquals(DatasetSpec.FAIL, dataset.missing());
    assertEquals(List.of("tenure", "contract"), dataset.features());
    assertTrue(dataset.hasUri());
  }

  @Test
  void imagesTextAndUnlabeledSetsParse() {
    PipelineSpec images = parser.parse("""
        name: digits
        dataset:
          uri: s3://team-data/digits/
          format: imagefolder
          image: {width: 28, height: 28}
        pretrain: {architecture: residual-cnn, data: {uri: s3://team-data/unlabeled/, format: imagefolder}}
        """);
    assertEquals(new ImageSpec(28, 28, 1), images.dataset().image());
    assertEquals("s3://team-data/holdout.csv", parser.parse("""
        {name: x, dataset: {uri: s3://team-data/t.csv, label: y, test: {uri: s3://team-data/holdout.csv}}}""")
        .dataset().test().uri());
    assertEquals(SourceSpec.at("s3://team-data/unlabeled/", "imagefolder", null), images.pretrain().data());

    PipelineSpec text = parser.parse("""
        name: mail
        dataset: {uri: s3://team-data/mail.jsonl, label: label, text: body}
        pretrain:
          architecture: transformer
          corpus: {uri: s3://team-data/corpus/, format: jsonl, text: text}
        """);
    assertEquals(SourceSpec.at("s3://team-data/corpus/", "jsonl", "text"), text.pretrain().corpus());
    assertTrue(text.dataset().hasText());
  }

  @Test
  void aBuiltInCorpusIsStillAStringAndOldSpecsSerializeAsBefore() throws Exception {
    PipelineSpec spec = parser.parse("""
        {name: x, dataset: {name: spam-assassin}, pretrain: {architecture: transformer, corpus: moby-dick}}""");
    assertEquals(SourceSpec.named("moby-dick"), spec.pretrain().corpus());
    assertEquals("moby-dick", spec.pretrain().corpus().name());
    // recorded histories and cache keys hold these forms
    assertEquals("{\"name\":\"spam-assassin\"}", json.writeValueAsString(spec.dataset()));
    String pretrain = json.writeValueAsString(spec.pretrain());
    assertTrue(pretrain.contains("\"corpus\":\"moby-dick\""), pretrain);
    assertTrue(!pretrain.contains("\"data\""), pretrain);
    assertEquals(spec.pretrain(), json.readValue(pretrain, PretrainSpec.class));
    PretrainSpec old = json.readValue("{\"architecture\":\"transformer\",\"corpus\":null}", PretrainSpec.class);
    assertNull(old.corpus());
    PretrainSpec byUri = parser.parse("""
        {name: x, dataset: {uri: s3://b-1/m.jsonl, label: l, text: t},
         pretrain: {architecture: transformer, corpus: {uri: s3://b-1/c.jsonl, text: t}}}""").pretrain();
    assertEquals(byUri, json.readValue(json.writeValueAsString(byUri), PretrainSpec.class));
    DatasetSpec dataset = new DatasetSpec(null, "s3://b-1/t.csv", null, null, "y", null, null, null, null, null, null,
        null, null, null);
    assertEquals(dataset, json.readValue(json.writeValueAsString(dataset), DatasetSpec.class));
  }

  @Test
  void violationsNameTheFieldAndTheFix() {
    assertTrue(violationsOf("{name: x, dataset: {name: iris, uri: s3://b-1/iris.csv, label: y}}")
        .get("dataset.uri").contains("either dataset.name"));
    assertTrue(violationsOf("{name: x, dataset: {}}").get("dataset.name").contains("is required"));
    assertTrue(violationsOf("{name: x, dataset: {uri: s3://b-1/data.bin, label: y}}").get("dataset.format")
        .contains("cannot tell the format of s3://b-1/data.bin"));
    assertEquals(Map.of("dataset.uri", "http:// is not read by this platform; upload the data with any S3 client and "
        + "give its s3://bucket/key"), violationsOf("{name: x, dataset: {uri: 'http://169.254.169.254/latest/', "
        + "label: y}}"));
    assertTrue(violationsOf("{name: x, dataset: {uri: s3://b-1/iris.csv}}").get("dataset.label")
        .contains("is required for csv"));
    assertTrue(violationsOf("{name: x, dataset: {uri: s3://b-1/img/, format: imagefolder}}").get("dataset.image")
        .contains("is required for imagefolder"));
    assertTrue(violationsOf("{name: x, dataset: {name: iris, label: y}}").get("dataset.label")
        .contains("describes data by URI"));
    assertTrue(violationsOf("{name: x, dataset: {uri: s3://b-1/d/, format: idx, label: y}}").get("dataset.label")
        .contains("labels-idx1-ubyte"));
    assertTrue(violationsOf("""
        {name: x, dataset: {uri: s3://b-1/d/, format: imagefolder, image: {width: 8, height: 8},
         test: {uri: s3://b-1/t.png}}}""").get("dataset.test.uri").contains("a prefix ending in /"));
    // a fixed test set for every format
    assertEquals("s3://b-1/t/", parser.parse("""
        {name: x, dataset: {uri: s3://b-1/d/, format: imagefolder, image: {width: 8, height: 8},
         test: {uri: s3://b-1/t/}}}""").dataset().test().uri());
    assertEquals("s3://b-1/t/", parser.parse("""
        {name: x, dataset: {uri: s3://b-1/d/, format: idx, test: {uri: s3://b-1/t/}}}""").dataset().test().uri());
    assertEquals("s3://b-1/holdout.jsonl", parser.parse("""
        {name: x, dataset: {uri: s3://b-1/m.jsonl, label: l, text: t, test: {uri: s3://b-1/holdout.jsonl}},
         pretrain: {architecture: transformer}}""").dataset().test().uri());
    // a test set is read in the dataset's format: a JSON Lines one beside a CSV dataset was read as CSV, its first
    // record taken for a header that lacked the label
    assertTrue(violationsOf("""
        {name: x, dataset: {uri: s3://b-1/d.csv, label: y, test: {uri: s3://b-1/holdout.jsonl}}}""")
        .get("dataset.test.uri").contains("is jsonl by its name, but a test set is read in the dataset's format, csv"));
    assertTrue(violationsOf("{name: x, dataset: {name: iris}, pretrain: {data: {uri: s3://b-1/u.csv}}}")
        .get("pretrain.data").contains("needs dataset.uri"));
    assertTrue(violationsOf("{name: x, dataset: {uri: s3://b-1/t.csv, label: y, format: xml}}")
        .containsKey("dataset.format"));
  }

  @Test
  void theModalityOfUriDataDecidesTheArchitecture() {
    assertTrue(violationsOf("{name: x, dataset: {uri: s3://b-1/m.jsonl, label: l, text: t}}")
        .get("pretrain.architecture").contains("is text; use transformer"));
    assertTrue(violationsOf("""
        {name: x, dataset: {uri: s3://b-1/t.csv, label: y}, pretrain: {architecture: transformer}}""")
        .get("pretrain.architecture").contains("is a table"));
    assertEquals("validationLoss", parser.parse("{name: x, dataset: {uri: s3://b-1/t.csv, label: y, task: regression}}")
        .fineTune().monitor());
  }

  private Map<String, String> violationsOf(String spec) {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(spec));
    return e.violations().stream().collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a));
  }
}
