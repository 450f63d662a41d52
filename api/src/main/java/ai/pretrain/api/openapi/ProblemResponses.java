package ai.pretrain.api.openapi;

import ai.pretrain.api.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the problem responses that whole classes of operations share, so that no resource repeats them: 401 and 403
 * on every operation but the CORS preflights ({@code OPTIONS}, which browsers send without credentials), 413 and 415 on
 * every operation with a body, and 502 and 503 on every operation marked {@link #REACHES_TEMPORAL} (what {@code
 * TemporalUnavailableMapper} answers for a failed call). An operation's own response for a code wins. Responses are
 * listed in status order. Every 4xx and 5xx response is an RFC 9457 problem document, so a resource declares only its
 * code and description.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

  /** The extension that marks an operation which calls Temporal; it is consumed here and not published. */
  public static final String REACHES_TEMPORAL = "x-reaches-temporal";

  private static final Map<String, String> AUTHENTICATED = Map.of(
      "401", "No API key or token, or one the API does not know (authentication on)",
      "403", "The caller's role does not allow this");
  private static final Map<String, String> WITH_BODY = Map.of(
      "413", "The body is larger than the API accepts",
      "415", "The Content-Type is not one the operation accepts");
  private static final Map<String, String> TEMPORAL = Map.of(
      "502", "Temporal refused the call",
      "503", "Temporal cannot be reached");

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    openApi.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
        .forEach((method, operation) -> document(operation, method != PathItem.HttpMethod.OPTIONS)));
  }

  private static void document(Operation operation, boolean authenticated) {
    APIResponses responses = operation.getResponses();
    if (authenticated) {
      AUTHENTICATED.forEach((code, description) -> addProblem(responses, code, description));
    }
    if (operation.getRequestBody() != null) {
      WITH_BODY.forEach((code, description) -> addProblem(responses, code, description));
    }
    if (operation.getExtensions() != null && operation.getExtensions().containsKey(REACHES_TEMPORAL)) {
      operation.removeExtension(REACHES_TEMPORAL);
      TEMPORAL.forEach((code, description) -> addProblem(responses, code, description));
    }
    responses.getAPIResponses().forEach((code, response) -> {
      if ((code.startsWith("4") || code.startsWith("5")) && response.getContent() == null) {
        response.setContent(problem());
      }
    });
    APIResponses inStatusOrder = OASFactory.createAPIResponses();
    new TreeMap<>(responses.getAPIResponses()).forEach(inStatusOrder::addAPIResponse);
    operation.setResponses(inStatusOrder);
  }

  private static void addProblem(APIResponses responses, String code, String description) {
    if (responses.hasAPIResponse(code)) {
      return;
    }
    responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description).content(problem()));
  }

  private static Content problem() {
    return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(Problem.class.getSimpleName())));
  }
}
