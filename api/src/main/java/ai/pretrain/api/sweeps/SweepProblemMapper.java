package ai.pretrain.api.sweeps;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Writes a {@link SweepProblem} as its problem document. */
@Provider
public class SweepProblemMapper implements ExceptionMapper<SweepProblem> {

  @Override
  public Response toResponse(SweepProblem e) {
    return e.problem().toResponse();
  }
}
