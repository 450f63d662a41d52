package ai.pretrain.api.contract;

import ai.pretrain.api.ApiKeysProfile;
import ai.pretrain.api.artifacts.StoreReader;
import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.auth.Role;
import ai.pretrain.api.registry.ModelRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document matches what the API does, authentication on: Schemathesis with every check, calling as the
 * admin key, finds nothing (its ignored-auth check also sends requests without the key and expects 401).
 */
@QuarkusTest
@TestProfile(ContractAuthProfile.class)
class OpenApiContractAuthTest {

  @TestHTTPResource("/q/openapi") URL openApi;
  @Inject WorkflowClient client;
  @Inject StoreReader store;
  @Inject ModelRegistry registry;

  @Test
  void schemathesisFindsNoDisagreement() throws Exception {
    try (ContractRuns runs = new ContractRuns(client, store)) {
      String runId = runs.finishedRun("root");
      String model = runs.registeredModel(registry, runId, new Caller("root", Role.ADMIN));
      Schemathesis.assertNoFailures(openApi, runId, model, List.of("X-API-Key: " + ApiKeysProfile.ADMIN));
    }
  }
}
