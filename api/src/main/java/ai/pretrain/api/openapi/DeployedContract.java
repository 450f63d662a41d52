package ai.pretrain.api.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Makes the OpenAPI document say what this deployment does, read once at start: the two ways to authenticate, required
 * by every operation when authentication is on (by none when it is off), and the codec's {@code X-Namespace} header
 * takes the one namespace this API serves.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class DeployedContract implements OASFilter {

  static final String API_KEY = "ApiKey";
  static final String BEARER = "Bearer";

  private final Config config = ConfigProvider.getConfig();

  @Override
  public Parameter filterParameter(Parameter parameter) {
    if ("X-Namespace".equals(parameter.getName()) && parameter.getSchema() != null) {
      String namespace = config.getOptionalValue("pretrain.temporal.namespace", String.class).orElse("default");
      // The Temporal UI may send the header empty; the codec then serves its own namespace.
      parameter.getSchema().setEnumeration(List.of(namespace, ""));
      parameter.setDescription("The namespace of the payloads; this codec serves only '" + namespace + "'");
    }
    return parameter;
  }

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    openApi.getComponents()
        .addSecurityScheme(API_KEY, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
            .in(SecurityScheme.In.HEADER).name("X-API-Key").description("An API key"))
        .addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
            .scheme("bearer").description("An API key or, where OIDC is configured, a JWT"));
    if (!authenticationOn()) {
      return;
    }
    List<SecurityRequirement> either = List.of(OASFactory.createSecurityRequirement().addScheme(API_KEY),
        OASFactory.createSecurityRequirement().addScheme(BEARER));
    openApi.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
      // An operation that declares its own (empty) requirement, the CORS preflight, stays open.
      if (operation.getSecurity() == null) {
        operation.setSecurity(either);
      }
    }));
  }

  private boolean authenticationOn() {
    return present(config.getOptionalValue("pretrain.auth.api-key-hashes", String.class))
        || present(config.getOptionalValue("pretrain.auth.oidc.issuer", String.class));
  }

  private static boolean present(Optional<String> value) {
    return value.filter(v -> !v.isBlank()).isPresent();
  }
}
