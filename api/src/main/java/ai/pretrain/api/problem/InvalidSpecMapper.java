package ai.pretrain.api.problem;

import ai.pretrain.spec.InvalidSpecException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused spec becomes a 400 that names every offending field. */
@Provider
public class InvalidSpecMapper implements ExceptionMapper<InvalidSpecException> {

  @Override
  public Response toResponse(InvalidSpecException e) {
    int count = e.violations().size();
    String detail = count == 1 ? "the spec has 1 problem; nothing was started"
        : "the spec has " + count + " problems; nothing was started";
    return new Problem("https://pretrain.ai/problems/invalid-spec", "Invalid pipeline spec", 400, detail,
        e.violations()).toResponse();
  }
}
