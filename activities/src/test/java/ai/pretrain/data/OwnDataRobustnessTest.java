package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.source.BadDataException;
import ai.pretrain.source.DatasetCard;
import ai.pretrain.source.MinioSources;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.ImageSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.TransformerSpec;
import ai.pretrain.storage.SourceObjects;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data a new user brings, as spreadsheets, warehouses, R, pandas and a Mac write it, uploaded to the real MinIO server
 * and through data prep (and the submit check's column peek): what used to fail unclearly, fail on a stray file, or
 * read silently wrong now reads, or fails naming the file, place, column and the fix. The Parquet files are DuckDB's
 * ({@code scripts/make-source-fixtures.py}).
 */
class OwnDataRobustnessTest {

  private static final PrepSpec PREP = new PrepSpec(0.2, 0.2, 0.5, 1000);
  private static final Path PARQUET = Path.of("src/test/resources/sources");

  @TempDir Path work;

  private MinioSources minio;
  private SourcePrepEnvironment environment;
  private int runs;

  @BeforeEach
  void connect() throws Exception {
    minio = new MinioSources("own-data-robustness-test");
    environment = new SourcePrepEnvironment(minio);
  }

  @AfterEach
  void close() {
    environment.close();
  }

  @Test
  void quotedCellsCrlfLineEndsLabelFirstIntegerLabelsAndBooleansRead() throws Exception {
    StringBuilder csv = new StringBuilder("churned,id,note,tenure,paperless\r\n");
    for (int i = 0; i < 60; i++) {
      csv.append(i % 2).append(',').append("c").append(i).append(",\"said \"\"hi, there\"\"\r\nthen left ")
          .append(i % 3).append("\",").append(i).append(',').append(i % 4 == 0).append("\r\n");
    }
    DatasetSpec spec = new DatasetSpec(null, minio.put("quoted.csv", bytes(csv)), null, null, "churned", null, null,
        "id", null, null, null, null, null, null);

    PreparedData result = prepare(spec);

    DatasetCard card = card(result);
    assertEquals(60, card.recordsRead(), "a quoted cell's line break is not a record");
    assertEquals(Map.of("0", 30L, "1", 30L), card.classes());
    assertEquals(List.of("note", "tenure", "paperless"),
        card.features().stream().map(DatasetCard.Feature::name).toList(), "the label first, the rest in order");
    assertEquals(List.of("false", "true"), card.features().get(2).categories());
    assertEquals(List.of("said \"hi, there\"\r\nthen left 0", "said \"hi, there\"\r\nthen left 1",
        "said \"hi, there\"\r\nthen left 2"), card.features().get(0).categories());
  }

  @Test
  void aWideTableWithTenClassesReads() throws Exception {
    StringBuilder csv = new StringBuilder();
    for (int c = 0; c < 64; c++) {
      csv.append("pixel_").append(c).append(',');
    }
    csv.append("digit\n");
    for (int i = 0; i < 300; i++) {
      for (int c = 0; c < 64; c++) {
        csv.append((i * 7 + c * 3) % 17).append(',');
      }
      csv.append(i % 10).append('\n');
    }

    PreparedData result = prepare(table(minio.put("digits.csv", bytes(csv)), "digit", null, null));

    assertEquals(64.0, result.metrics().get("features"));
    assertEquals(10.0, result.metrics().get("classes"));
  }

  @Test
  void semicolonsAndTabsInACsvAndCommasInATsvAreRefusedNamingTheFix() throws Exception {
    String semicolons = minio.put("semicolons.csv", bytes("tenure;charges;churned\n1;29,85;no\n34;56,95;yes\n"));
    String expected = "the header row is one column, 'tenure;charges;churned', split by semicolons: dataset.format "
        + "csv reads comma-separated values (RFC 4180); save the file with commas as the delimiter";
    assertTrue(submitRefusal(semicolons, DatasetSpec.CSV).contains(expected));
    assertBadData(table(semicolons, "churned", null, null), semicolons + ": " + expected);

    String tabs = minio.put("tabs.csv", bytes("tenure\tchurned\n1\tno\n34\tyes\n"));
    assertBadData(table(tabs, "churned", null, null), "split by tabs: dataset.format csv reads comma-separated");
    assertBadData(table(tabs, "churned", null, null), "or name a tab-separated file .tsv");

    String commas = minio.put("commas.tsv", bytes("tenure,churned\n1,no\n34,yes\n"));
    assertBadData(table(commas, "churned", null, null), "split by commas: a .tsv or .tab file is read as "
        + "tab-separated values; save it with tabs as the delimiter, or name it .csv if it is comma-separated");
  }

  @Test
  void aColumnNamedTwiceIsRefusedRatherThanReadTwice() throws Exception {
    String uri = minio.put("twice.csv", bytes("charges,charges,churned\n1,2,no\n3,4,yes\n"));

    assertBadData(table(uri, "churned", null, null), uri + ": the header row names column 'charges' twice (columns 1 "
        + "and 2); give every column a name of its own");
  }

  @Test
  void missingValueMarkersInANumericColumnAreMissingValues() throws Exception {
    StringBuilder csv = new StringBuilder("age,income,label\n");
    for (int i = 0; i < 60; i++) {
      String income = i == 0 ? "NA" : i == 7 ? "?" : i == 9 ? "NaN" : i == 11 ? "" : Integer.toString(1000 + i);
      csv.append(20 + i % 30).append(',').append(income).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
    }
    String uri = minio.put("markers.csv", bytes(csv));

    assertBadData(table(uri, "label", null, null), uri + ", line 2, column 'income': is missing ('NA'); fill it in, "
        + "or set missing: mean");

    DatasetCard card = card(prepare(table(uri, "label", null, DatasetSpec.MEAN)));
    DatasetCard.Feature income = card.features().get(1);
    assertEquals("numeric", income.kind(), "'NA' in the first row does not make the column categorical");
    assertEquals(4, income.missing());
    // rows 1 to 59 but the three markers and the empty cell
    assertEquals(1000 + (59 * 60 / 2 - 7 - 9 - 11) / 56.0, income.mean(), 1e-9);
  }

  @Test
  void hiddenFilesBesideTheImagesAreLeftOutAndEveryKindOfImageReads() throws Exception {
    int k = 0;
    for (String className : List.of("cats", "dogs")) {
      for (int i = 0; i < 12; i++, k++) {
        minio.put("images/" + className + "/" + i + extension(i), image(i, 16 + i, 12 + i % 3, k, className));
      }
      minio.put("images/" + className + "/.DS_Store", new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'});
      minio.put("images/" + className + "/._0.png", new byte[] {0, 5, 22, 7, 0, 2, 0, 0});
    }
    minio.put("images/.DS_Store", new byte[] {0, 0, 0, 1});
    minio.put("images/__MACOSX/cats/._1.png", new byte[] {0, 5, 22, 7});
    minio.put("images/dogs/Thumbs.db", new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0});

    for (int channels : List.of(1, 3)) {
      DatasetSpec spec = new DatasetSpec(null, minio.uri("images/"), DatasetSpec.IMAGEFOLDER, null, null, null, null,
          null, new ImageSpec(16, 12, channels), null, null, null, null, null);
      PreparedData result = prepare(spec);
      DatasetCard card = card(result);
      assertEquals(24, card.recordsRead(), "JPEG, .JPG, grey, RGB, alpha, palette and 16-bit PNGs; no hidden file");
      assertEquals(0, card.recordsSkipped());
      assertEquals(Map.of("cats", 12L, "dogs", 12L), card.classes());
      assertEquals(channels, result.metrics().get("imageChannels"));
    }
  }

  @Test
  void parquetOfEveryFlatTypeCompressionAndRowGroupsReadsWithDecimalsAtTheirScale() throws Exception {
    for (String file : List.of("types-zstd.parquet", "types-snappy.parquet")) {
      String uri = minio.put(file, Files.readAllBytes(PARQUET.resolve(file)));
      DatasetCard card = card(prepare(table(uri, "label", null, DatasetSpec.MEAN)));
      Map<String, DatasetCard.Feature> features = new java.util.HashMap<>();
      card.features().forEach(f -> features.put(f.name(), f));
      long rows = card.recordsRead();
      assertEquals(file.contains("zstd") ? 5000 : 500, rows);
      assertEquals(rows / 5, features.get("nullable").missing(), "Parquet nulls are missing values");
      assertEquals(List.of("blue", "green", "red"), features.get("colour").categories());
      assertEquals(List.of("false", "true"), features.get("flag").categories());
      assertEquals((rows - 1) / 2.0 + 0.25, features.get("price").mean(), 1e-6, "DECIMAL(10,2) at its scale");
      assertEquals(0.25, features.get("price").min(), 1e-9);
      assertEquals((rows - 1) / 2.0 + 0.5, features.get("amount").mean(), 1e-6, "DECIMAL(30,4), fixed-length bytes");
      assertEquals((rows - 1) / 2.0 * 1e9, features.get("i64").mean(), 1e3);
    }

    String dated = minio.put("dated.parquet", Files.readAllBytes(PARQUET.resolve("dated.parquet")));
    DatasetSpec regression = new DatasetSpec(null, dated, null, DatasetSpec.REGRESSION, "price", List.of("f64"), null,
        "id", null, null, null, null, null, null);
    PreparedData result = prepare(regression);
    // the training split's mean of 0.25 ... 149.25, not of 25 ... 14925
    assertEquals(74.75, result.metrics().get("targetMean"), 10, "a DECIMAL target in its units");
  }

  @Test
  void parquetDatesAndTimestampsAreRefusedAsFeaturesOrLabel() throws Exception {
    String dated = minio.put("dated.parquet", Files.readAllBytes(PARQUET.resolve("dated.parquet")));

    assertBadData(new DatasetSpec(null, dated, null, DatasetSpec.REGRESSION, "price", null, null, "id", null, null,
        null, null, null, null), dated + ": column 'day' is a Parquet DATE, which is not a feature or label here; list "
        + "the columns to use in dataset.features (e.g. f64), or store it as a number");
    assertBadData(new DatasetSpec(null, dated, null, DatasetSpec.REGRESSION, "price", List.of("seen", "f64"), null,
        null, null, null, null, null, null, null), "column 'seen' is a Parquet TIMESTAMP");
    assertBadData(table(dated, "day", List.of("f64"), null), "column 'day' (dataset.label) is a Parquet DATE");
  }

  @Test
  void aJsonArrayOrPrettyPrintedJsonSaysHowToWriteJsonLines() throws Exception {
    String array = minio.put("array.json", bytes("[\n{\"a\": 1, \"label\": \"x\"},\n{\"a\": 2, \"label\": \"y\"}\n]\n"));
    assertTrue(submitRefusal(array, DatasetSpec.JSONL).contains("is a JSON array, not JSON Lines; write one JSON "
        + "object per line (jq -c '.[]' converts it)"));

    String pretty = minio.put("pretty.jsonl", bytes("{\n  \"a\": 1,\n  \"label\": \"x\"\n}\n"));
    assertBadData(table(pretty, "label", null, null), pretty + ", line 1: not JSON: Unexpected end-of-input");
    assertBadData(table(pretty, "label", null, null), "; JSON Lines holds each record on one line");
  }

  @Test
  void textsAsCsvWithEmojiLongDocumentsAndThreeNumericClassesTrainTheTokenizer() throws Exception {
    StringBuilder csv = new StringBuilder("id,body,topic\r\n");
    for (int i = 0; i < 90; i++) {
      csv.append(i).append(",\"Caf\u00e9 \uD83D\uDE00 \u6771\u4eac, \"\"quoted\"\"\r\nsecond line about ")
          .append(List.of("football", "elections", "laptops").get(i % 3)).append(i % 10 == 0 ? " word".repeat(5000) : "")
          .append("\",").append(i % 3).append("\r\n");
    }
    DatasetSpec spec = new DatasetSpec(null, minio.put("texts.csv", bytes(csv)), null, null, "topic", null, "body",
        "id", null, null, null, null, null, null);
    PretrainSpec pretrain = new PretrainSpec("masked-lm", null, 32, null, null, 1, 16, 3e-3, null, null, 60,
        PretrainSpec.TRANSFORMER, null, null, new TransformerSpec(400, 32, 1, 2, 64, 0.1, 0.15, TransformerSpec.MEAN),
        null);

    PreparedData result = activities().prepareText(new RunContext("run-text", "own-data-robustness-test", 3), spec,
        PREP, pretrain);

    assertEquals(3.0, result.metrics().get("classes"));
    assertEquals(Map.of("0", 30L, "1", 30L, "2", 30L), card(result).classes());
  }

  @Test
  void aLatin1ExportFailsNamingTheEncodingInsteadOfReadingReplacementCharacters() throws Exception {
    StringBuilder csv = new StringBuilder("city,population,label\n");
    for (int i = 0; i < 60; i++) {
      csv.append(i == 40 ? "Malm\u00f6" : "Oslo").append(',').append(1000 + i).append(',').append(i % 2).append('\n');
    }
    String uri = minio.put("latin1.csv", csv.toString().getBytes(StandardCharsets.ISO_8859_1));
    assertBadData(table(uri, "label", null, null), uri + ": is not UTF-8 text (it holds bytes that are not UTF-8, as a "
        + "Latin-1 or Windows-1252 export does); save it as UTF-8");

    String jsonl = minio.put("latin1.jsonl", "{\"city\": \"Oslo\", \"label\": 0}\n{\"city\": \"Malm\u00f6\", \"label\": 1}\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    assertBadData(table(jsonl, "label", null, null), jsonl + ": is not UTF-8 text");
  }

  /** The refusal the API's submit check reports for the source's columns (it names dataset.format). */
  private String submitRefusal(String uri, String format) throws Exception {
    SourceDatasets sources = new SourceDatasets(SourceObjects.fromEnvironment(minio.env()));
    return assertThrows(BadDataException.class,
        () -> sources.columns("dataset.uri", uri, format, Files.createTempDirectory(work, "check"))).getMessage();
  }

  private static String extension(int i) {
    return switch (i % 6) {
      case 0 -> ".JPG";
      case 5 -> ".jpeg";
      default -> ".png";
    };
  }

  /** RGB JPEG, grey PNG, RGBA PNG, palette PNG, 16-bit grey PNG, grey JPEG, in turn. */
  private static byte[] image(int kind, int width, int height, int seed, String className) throws Exception {
    BufferedImage image = switch (kind % 6) {
      case 0 -> new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
      case 2 -> new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
      case 3 -> new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4,
          new byte[] {0, (byte) 255, 0, 0}, new byte[] {0, 0, (byte) 255, 0}, new byte[] {0, 0, 0, (byte) 255}));
      case 4 -> new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
      default -> new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    };
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, 0x80000000 | ((x * 10 + seed) & 0xff) << 16 | ((y * 20) & 0xff) << 8
            | (className.equals("cats") ? 200 : 30));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, kind % 6 == 0 || kind % 6 == 5 ? "jpg" : "png", out));
    return out.toByteArray();
  }

  private static DatasetSpec table(String uri, String label, List<String> features, String missing) {
    return new DatasetSpec(null, uri, null, null, label, features, null, null, null, null, null, null, null, missing);
  }

  private static byte[] bytes(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private PreparedData prepare(DatasetSpec spec) {
    return activities().prepareData(new RunContext("run-" + (++runs), "own-data-robustness-test", 3), spec, PREP);
  }

  private void assertBadData(DatasetSpec spec, String expected) {
    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> prepare(spec));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.isNonRetryable(), cause.getOriginalMessage());
    assertEquals("BadData", cause.getType(), cause.getOriginalMessage());
    assertTrue(cause.getOriginalMessage().contains(expected), cause.getOriginalMessage());
  }

  private DataPrepActivities activities() {
    return environment.activities(work.resolve("store-" + runs), work.resolve("no-built-in-data"));
  }

  private static DatasetCard card(PreparedData result) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(java.net.URI.create(
        result.artifact(Artifacts.DATASET_CARD).uri())))) {
      return DatasetCard.fromJson(in.readAllBytes());
    }
  }
}
