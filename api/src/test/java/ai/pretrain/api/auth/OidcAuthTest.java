package ai.pretrain.api.auth;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.spec;
import static ai.pretrain.api.SpecRequests.terminate;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static ai.pretrain.api.SpecRequests.yaml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.pretrain.api.ApiKeysProfile;
import ai.pretrain.api.TemporalDevServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OIDC bearer tokens signed by the test's own key, validated by the API and mapped to the API keys' roles. */
@QuarkusTest
@TestProfile(OidcProfile.class)
class OidcAuthTest {

  @Inject WorkflowClient client;

  @BeforeAll
  static void requireTemporal() {
    TemporalDevServer.require();
  }

  @Test
  void aValidTokenActsAsItsUserWithTheRoleItsClaimGrants() {
    String token = TestTokens.PROVIDER.sign(TestTokens.claims("dana", "offline_access", "pretrain-submitter"));
    given().auth().oauth2(token).when().get("/api/v1/runs").then().statusCode(200);

    String runId = spec("application/yaml", yaml(uniqueName())).auth().oauth2(token)
        .when().post("/api/v1/runs")
        .then().statusCode(202).extract().path("runId");
    try {
      given().auth().oauth2(token).when().get("/api/v1/runs/" + runId)
          .then().statusCode(200).body("owner", equalTo("dana"));
      // Another user's token sees another owner's run as absent, as with keys; an admin token sees it.
      String erin = TestTokens.PROVIDER.sign(TestTokens.claims("erin", "pretrain-submitter"));
      given().auth().oauth2(erin).when().get("/api/v1/runs/" + runId).then().statusCode(404);
      String admin = TestTokens.PROVIDER.sign(TestTokens.claims("ops", "pretrain-viewer", "pretrain-admin"));
      given().auth().oauth2(admin).when().get("/api/v1/runs/" + runId).then().statusCode(200);
    } finally {
      terminate(client, runId);
    }
  }

  @Test
  void aViewerTokenMayReadButNotSubmit() {
    String token = TestTokens.PROVIDER.sign(TestTokens.claims("frank", "pretrain-viewer"));
    given().auth().oauth2(token).when().get("/api/v1/runs").then().statusCode(200);
    spec("application/yaml", yaml(uniqueName())).auth().oauth2(token).when().post("/api/v1/runs")
        .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("viewer"));
  }

  @Test
  void expiredNotYetValidWrongAudienceOrIssuerAre401() {
    Map<String, Object> expired = TestTokens.claims("gina", "pretrain-admin");
    expired.put("exp", Instant.now().minusSeconds(600).getEpochSecond());
    refused(TestTokens.PROVIDER.sign(expired), "expired");

    Map<String, Object> early = TestTokens.claims("gina", "pretrain-admin");
    early.put("nbf", Instant.now().plusSeconds(600).getEpochSecond());
    refused(TestTokens.PROVIDER.sign(early), "not valid yet");

    Map<String, Object> otherClient = TestTokens.claims("gina", "pretrain-admin");
    otherClient.put("aud", "another-app");
    refused(TestTokens.PROVIDER.sign(otherClient), "audience");

    Map<String, Object> otherIssuer = TestTokens.claims("gina", "pretrain-admin");
    otherIssuer.put("iss", "https://evil.example.test");
    refused(TestTokens.PROVIDER.sign(otherIssuer), "issued by");

    Map<String, Object> noExpiry = TestTokens.claims("gina", "pretrain-admin");
    noExpiry.remove("exp");
    refused(TestTokens.PROVIDER.sign(noExpiry), "no exp");
  }

  @Test
  void aForgedSignatureOrAnotherAlgorithmIs401() {
    refused(TestTokens.IMPOSTOR.sign(TestTokens.claims("mallory", "pretrain-admin")), "signature does not verify");

    String valid = TestTokens.PROVIDER.sign(TestTokens.claims("mallory", "pretrain-viewer"));
    String[] parts = valid.split("\\.");
    String escalated = TestTokens.PROVIDER.sign(TestTokens.claims("mallory", "pretrain-admin")).split("\\.")[1];
    refused(parts[0] + "." + escalated + "." + parts[2], "signature does not verify");

    String none = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
    refused(none + "." + escalated + ".", "only RS256");
    refused(TestTokens.PROVIDER.sign(TestTokens.claims("mallory", "pretrain-admin"), "HS256"), "only RS256");
  }

  @Test
  void aValidTokenWithoutAnyOfTheRolesIs403() {
    String token = TestTokens.PROVIDER.sign(TestTokens.claims("hank", "offline_access"));
    given().auth().oauth2(token).when().get("/api/v1/runs")
        .then().statusCode(403).contentType(PROBLEM)
        .body("detail", containsString("grants none of the API's roles"))
        .body("detail", containsString("realm_access.roles"));
  }

  @Test
  void apiKeysKeepWorkingBesideTokens() {
    given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/runs").then().statusCode(200);
    given().auth().oauth2(ApiKeysProfile.ADMIN).when().get("/api/v1/runs").then().statusCode(200);
    given().auth().oauth2("not-a-key").when().get("/api/v1/runs").then().statusCode(401);
    given().when().get("/api/v1/runs").then().statusCode(401)
        .body("detail", containsString("OIDC token"));
  }

  @Test
  void aTokenDecodesPayloadsForTheTemporalUi() {
    String token = TestTokens.PROVIDER.sign(TestTokens.claims("ivy", "pretrain-viewer"));
    given().auth().oauth2(token).contentType("application/json").body(Map.of("payloads", List.of()))
        .when().post("/api/v1/codec/decode")
        .then().statusCode(200).body("payloads.size()", equalTo(0));
  }

  private static void refused(String token, String why) {
    String detail = given().auth().oauth2(token).when().get("/api/v1/runs")
        .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", containsString("Bearer"))
        .body("detail", not(containsString(token)))
        .extract().path("detail");
    assertEquals(true, detail.contains(why), detail);
  }
}
