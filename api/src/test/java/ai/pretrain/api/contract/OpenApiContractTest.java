package ai.pretrain.api.contract;

import ai.pretrain.api.artifacts.StoreReader;
import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.registry.ModelRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document matches what the API does, authentication off: Schemathesis with every check finds nothing. */
@QuarkusTest
@TestProfile(ContractProfile.class)
class OpenApiContractTest {

  @TestHTTPResource("/q/openapi") URL openApi;
  @Inject WorkflowClient client;
  @Inject StoreReader store;
  @Inject ModelRegistry registry;

  @Test
  void schemathesisFindsNoDisagreement() throws Exception {
    try (ContractRuns runs = new ContractRuns(client, store)) {
      String runId = runs.finishedRun("anonymous");
      String model = runs.registeredModel(registry, runId, Caller.ANONYMOUS);
      Schemathesis.assertNoFailures(openApi, runId, model, List.of());
    }
  }
}
