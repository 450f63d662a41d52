package ai.pretrain.api.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Framework refusals (unknown path, wrong method or media type, body too large) as problem documents; a 405 names the
 * methods the path does answer in {@code Allow}, as RFC 9110 requires.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  private final AllowedMethods allowed;

  @Context UriInfo uri;

  WebApplicationExceptionMapper(AllowedMethods allowed) {
    this.allowed = allowed;
  }

  @Override
  public Response toResponse(WebApplicationException e) {
    Response.StatusType status = e.getResponse().getStatusInfo();
    String slug = status.getReasonPhrase().toLowerCase().replace(' ', '-');
    Response problem = Problem.of(slug, status.getReasonPhrase(), status.getStatusCode(), e.getMessage()).toResponse();
    if (status.getStatusCode() != Response.Status.METHOD_NOT_ALLOWED.getStatusCode()) {
      return problem;
    }
    return Response.fromResponse(problem).header(HttpHeaders.ALLOW, allowed.allowFor(uri.getPath())).build();
  }
}
