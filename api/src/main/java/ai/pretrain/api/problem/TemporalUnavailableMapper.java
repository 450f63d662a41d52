package ai.pretrain.api.problem;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A failed call to Temporal: 503 when it cannot be reached or is too slow, 502 for any other refusal. */
@Provider
public class TemporalUnavailableMapper implements ExceptionMapper<StatusRuntimeException> {

  @Override
  public Response toResponse(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    boolean unreachable = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    String detail = "Temporal answered " + code + ": " + e.getStatus().getDescription();
    return unreachable
        ? Problem.of("temporal-unavailable", "Temporal unavailable", 503, detail).toResponse()
        : Problem.of("temporal-error", "Temporal refused the call", 502, detail).toResponse();
  }
}
