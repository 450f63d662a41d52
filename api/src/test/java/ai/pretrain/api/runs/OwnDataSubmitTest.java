package ai.pretrain.api.runs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.api.TemporalDevServer;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data named by URI is checked at submit against the real MinIO server, before anything starts: scheme, bucket,
 * existence, the columns the spec names, the format; a good source starts the run.
 */
@QuarkusTest
class OwnDataSubmitTest {

  private static final String BUCKET = "pretrain-artifacts";
  private static final String PREFIX = "own-data-submit-test-" + UUID.randomUUID().toString().substring(0, 8) + "/";

  @Inject WorkflowClient client;

  @BeforeAll
  static void upload() throws Exception {
    TemporalDevServer.require();
    String endpoint = System.getenv("S3_ENDPOINT");
    if (endpoint == null || endpoint.isBlank() || !String.valueOf(System.getenv("PRETRAIN_STORE_URI"))
        .startsWith("s3://" + BUCKET)) {
      fail("this test needs the real MinIO store: run `scripts/services.sh start` and `source .run/services.env`");
    }
    MinioClient minio = MinioClient.builder().endpoint(endpoint)
        .credentials(System.getenv("S3_ACCESS_KEY"), System.getenv("S3_SECRET_KEY")).build();
    put(minio, "churn.csv", "tenure,contract,churned\n3,monthly,yes\n30,yearly,no\n".getBytes(StandardCharsets.UTF_8));
    put(minio, "mail.jsonl", "{\"body\": \"hello\", \"spam\": \"no\"}\n".getBytes(StandardCharsets.UTF_8));
    put(minio, "dated.parquet", java.nio.file.Files.readAllBytes(
        java.nio.file.Path.of("../activities/src/test/resources/sources/dated.parquet")));
    put(minio, "churn-semicolons.csv", "tenure;contract;churned\n3;monthly;yes\n".getBytes(StandardCharsets.UTF_8));
    put(minio, "mail.json", "[{\"body\": \"hello\", \"spam\": \"no\"}]\n".getBytes(StandardCharsets.UTF_8));
    byte[] parquet = "PAR1 then anything".getBytes(StandardCharsets.US_ASCII);
    put(minio, "really-parquet.csv", parquet);
    put(minio, "churn.parquet", parquet("tenure", "contract", "churned"));
  }

  @Test
  void aSourceThatExistsWithItsColumnsStartsTheRun() {
    String name = uniqueName();
    String runId = submit(name,
        "{uri: s3://" + BUCKET + "/" + PREFIX + "churn.csv, label: churned, features: [tenure]}")
        .statusCode(202).extract().path("runId");
    client.newUntypedWorkflowStub(runId).terminate("test cleanup: no worker runs in the API tests");
    // every run on data by URI counts under one tag, not one per URI
    given().when().get("/q/metrics").then().statusCode(200)
        .body(containsString("pretrain_runs_started_total{kind=\"uri\"}"));
  }

  @Test
  void anotherSchemeOrBucketIsRefusedNamingTheField() {
    String name = uniqueName();
    refused(name, "{uri: 'https://169.254.169.254/latest/meta-data', label: y, format: csv}")
        .body("violations.field", hasItem("dataset.uri"))
        .body("violations.message", hasItem(containsString("https:// is not read by this platform")));
    refused(name, "{uri: s3://someone-elses-bucket/data.csv, label: y}")
        .body("violations.field", hasItem("dataset.uri"))
        .body("violations.message", hasItem(containsString("bucket 'someone-elses-bucket' is not one this platform "
            + "reads; allowed: " + BUCKET)));
    assertNothingStarted(name);
  }

  @Test
  void aMissingObjectOrColumnIsRefusedListingWhatIsThere() {
    String name = uniqueName();
    refused(name, "{uri: s3://" + BUCKET + "/" + PREFIX + "nothing.csv, label: y}")
        .body("violations.field", hasItem("dataset.uri"))
        .body("violations.message", hasItem(containsString(PREFIX + "nothing.csv does not exist")));
    refused(name, "{uri: s3://" + BUCKET + "/" + PREFIX + "churn.csv, label: churn, features: [tenure, age]}")
        .body("violations.field", hasItem("dataset.label"))
        .body("violations.field", hasItem("dataset.features"))
        .body("violations.message", hasItem(containsString("column 'churn' is not in s3://" + BUCKET + "/" + PREFIX
            + "churn.csv; its columns are tenure, contract, churned")));
    refused(name, "{uri: s3://" + BUCKET + "/" + PREFIX + "mail.jsonl, label: spam, text: text}",
        "pretrain: {architecture: transformer}")
        .body("violations.field", hasItem("dataset.text"))
        .body("violations.message", hasItem(containsString("its columns are body, spam")));
    refused(name, "{uri: s3://" + BUCKET + "/" + PREFIX + "data/, label: y, format: csv}")
        .body("violations.message", hasItem(containsString("does not exist (no csv objects under it)")));
    assertNothingStarted(name);
  }

  @Test
  void aParquetColumnThatIsNotInTheFooterIsRefusedListingWhatIsThere() {
    String name = uniqueName();
    refused(name, "{uri: s3://" + BUCKET + "/" + PREFIX + "churn.parquet, label: churn, id: customer}")
        .body("violations.field", hasItem("dataset.label"))
        .body("violations.field", hasItem("dataset.id"))
        .body("violations.message", hasItem("column 'churn' is not in s3://" + BUCKET + "/" + PREFIX
            + "churn.parquet; its columns are tenure, contract, churned"));
    refused(name, "{uri: s3://" + BUCKET + "/" + PREFIX + "really-parquet.csv, format: parquet, label: y}")
        .body("violations.field", hasItem("dataset.format"))
        .body("violations.message", hasItem(containsString("is not a Parquet file (it does not end with PAR1)")));
    assertNothingStarted(name);
    String runId = submit(name, "{uri: s3://" + BUCKET + "/" + PREFIX + "churn.parquet, label: churned}")
        .statusCode(202).extract().path("runId");
    client.newUntypedWorkflowStub(runId).terminate("test cleanup: no worker runs in the API tests");
  }

  @Test
  void aFormatThatDoesNotMatchIsRefused() {
    String name = uniqueName();
    refused(name, "{uri: s3://" + BUCKET + "/" + PREFIX + "really-parquet.csv, label: y}")
        .body("violations.field", hasItem("dataset.format"))
        .body("violations.message", hasItem(containsString("is a Parquet file, not csv; set dataset.format: parquet")));
    assertNothingStarted(name);
  }

  @Test
  void aSemicolonSeparatedCsvOrAJsonArrayIsRefusedNamingTheFormat() {
    String name = uniqueName();
    refused(name, "{uri: s3://" + BUCKET + "/" + PREFIX + "churn-semicolons.csv, label: churned}")
        .body("violations.field", hasItem("dataset.format"))
        .body("violations.message", hasItem(containsString("the header row is one column, 'tenure;contract;churned', "
            + "split by semicolons: dataset.format csv reads comma-separated values (RFC 4180)")));
    refused(name, "{uri: s3://" + BUCKET + "/" + PREFIX + "mail.json, label: spam, text: body}",
        "pretrain: {architecture: transformer}")
        .body("violations.field", hasItem("dataset.format"))
        .body("violations.message", hasItem(containsString("is a JSON array, not JSON Lines")));
    assertNothingStarted(name);
  }

  @Test
  void aParquetDateOrTimestampAsAFeatureOrLabelIsRefusedListingTheUsableColumns() {
    String name = uniqueName();
    String dated = "s3://" + BUCKET + "/" + PREFIX + "dated.parquet";
    refused(name, "{uri: " + dated + ", task: regression, label: price, id: id}")
        .body("violations.field", hasItem("dataset.features"))
        .body("violations.message", hasItem("column 'day' is a Parquet DATE, which is not a feature or label here; "
            + "list the columns to use in dataset.features (e.g. f64), or store it as a number"))
        .body("violations.message", hasItem(containsString("column 'seen' is a Parquet TIMESTAMP")));
    refused(name, "{uri: " + dated + ", label: day, features: [f64]}")
        .body("violations.field", hasItem("dataset.label"));
    assertNothingStarted(name);
    String runId = submit(name, "{uri: " + dated + ", task: regression, label: price, id: id, features: [f64]}")
        .statusCode(202).extract().path("runId");
    client.newUntypedWorkflowStub(runId).terminate("test cleanup: no worker runs in the API tests");
  }

  private ValidatableResponse refused(String name, String dataset, String... more) {
    return submit(name, dataset, more).statusCode(400).contentType("application/problem+json")
        .body("title", equalTo("Invalid pipeline spec"));
  }

  private static ValidatableResponse submit(String name, String dataset, String... more) {
    String spec = "{name: " + name + ", dataset: " + dataset + (more.length == 0 ? "" : ", " + String.join(", ", more))
        + "}";
    // RestAssured has no YAML encoder: the body goes as text under the YAML media type
    return given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
            .encodeContentTypeAs("application/yaml", ContentType.TEXT)
            .defaultContentCharset(StandardCharsets.UTF_8)))
        .contentType("application/yaml").body(spec)
        .when().post("/api/v1/runs").then();
  }

  private void assertNothingStarted(String name) {
    assertTrue(client.listExecutions("WorkflowType = 'PipelineWorkflow'")
        .noneMatch(execution -> execution.getExecution().getWorkflowId().startsWith("run-" + name + "-")),
        "a refused spec must not start a workflow");
  }

  private static void put(MinioClient minio, String name, byte[] content) throws Exception {
    minio.putObject(PutObjectArgs.builder().bucket(BUCKET).object(PREFIX + name)
        .stream(new ByteArrayInputStream(content), content.length, -1).build());
  }

  /**
   * A Parquet file of no rows whose footer declares {@code columns} (optional int64), written with Apache Parquet's
   * own footer structures, which is all the API reads of a Parquet file.
   */
  private static byte[] parquet(String... columns) throws Exception {
    List<SchemaElement> schema = new ArrayList<>();
    schema.add(new SchemaElement("schema").setNum_children(columns.length));
    for (String column : columns) {
      schema.add(new SchemaElement(column).setType(Type.INT64).setRepetition_type(FieldRepetitionType.OPTIONAL));
    }
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    Util.writeFileMetaData(new FileMetaData(1, schema, 0, List.of()), footer);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    footer.writeTo(file);
    file.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.size()).array());
    file.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    return file.toByteArray();
  }

  private static String uniqueName() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
