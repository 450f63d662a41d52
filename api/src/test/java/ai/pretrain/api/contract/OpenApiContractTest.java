package ai.pretrain.api.contract;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document matches what the API does, authentication off: Schemathesis with every check finds nothing. */
@QuarkusTest
@TestProfile(ContractProfile.class)
class OpenApiContractTest {

  @TestHTTPResource("/q/openapi") URL openApi;

  @Test
  void schemathesisFindsNoDisagreement() throws Exception {
    Schemathesis.assertNoFailures(openApi, List.of());
  }
}
