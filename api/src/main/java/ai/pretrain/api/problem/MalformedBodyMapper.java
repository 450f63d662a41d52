package ai.pretrain.api.problem;

import ai.pretrain.spec.Violation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A JSON body that does not parse, or does not have the shape the operation reads, as a 400 problem naming where:
 * the framework's own answer is a bare JSON object, or an empty body, neither of which the OpenAPI document declares.
 */
public class MalformedBodyMapper {

  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e) {
    String field = e.getPath().stream()
        .map(reference -> reference.getFieldName() != null ? "." + reference.getFieldName()
            : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining());
    return problem(field.isEmpty() ? "body" : "body" + field, "does not have the expected shape: "
        + e.getOriginalMessage());
  }

  @ServerExceptionMapper
  public Response malformed(JsonProcessingException e) {
    return problem("body", "is not valid JSON: " + e.getOriginalMessage());
  }

  private static Response problem(String field, String message) {
    return ProblemException.invalidRequest(List.of(new Violation(field, message))).problem().toResponse();
  }
}
