package ai.pretrain.api.problem;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a method a known resource path does not declare, before routing: {@code OPTIONS} with the methods the path
 * answers (the framework's automatic reply lists every method of the resource class, other paths' included), any
 * other with 405 and {@code Allow} (the framework answers 404 where two resource classes share a path prefix). Paths
 * that declare their own {@code OPTIONS} (the codec's CORS preflight) and unknown paths go on to routing.
 */
@Provider
@PreMatching
public class UndeclaredMethods implements ContainerRequestFilter {

  private final AllowedMethods allowed;

  UndeclaredMethods(AllowedMethods allowed) {
    this.allowed = allowed;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    String method = request.getMethod();
    if (!allowed.known(path) || allowed.declares(path, method)
        || (HttpMethod.HEAD.equals(method) && allowed.declares(path, HttpMethod.GET))) {
      return;
    }
    String allow = allowed.allowFor(path);
    if (HttpMethod.OPTIONS.equals(method)) {
      request.abortWith(Response.ok().header(HttpHeaders.ALLOW, allow).build());
      return;
    }
    request.abortWith(Response.fromResponse(Problem.of("method-not-allowed", "Method Not Allowed", 405,
        method + " is not an operation of this path; it answers " + allow).toResponse())
        .header(HttpHeaders.ALLOW, allow).build());
  }
}
