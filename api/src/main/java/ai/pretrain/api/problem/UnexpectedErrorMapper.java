package ai.pretrain.api.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Anything no other mapper claims: logged with its stack trace, answered as a 500 problem without one. */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<RuntimeException> {

  private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

  @Override
  public Response toResponse(RuntimeException e) {
    LOG.error("unexpected error while serving a request", e);
    return Problem.of("internal-error", "Internal error", 500, e.getClass().getSimpleName() + ": " + e.getMessage())
        .toResponse();
  }
}
