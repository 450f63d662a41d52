package ai.pretrain.api.problem;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers {@code OPTIONS} on a resource path with the methods that path answers: the framework's automatic reply lists
 * every method of the resource class, other paths' included. Paths that declare their own {@code OPTIONS} (the
 * codec's CORS preflight) and unknown paths go on to routing.
 */
@Provider
@PreMatching
public class OptionsAllow implements ContainerRequestFilter {

  private final AllowedMethods allowed;

  OptionsAllow(AllowedMethods allowed) {
    this.allowed = allowed;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
      return;
    }
    String path = request.getUriInfo().getPath();
    if (allowed.known(path) && !allowed.declares(path, HttpMethod.OPTIONS)) {
      request.abortWith(Response.ok().header(HttpHeaders.ALLOW, allowed.allowFor(path)).build());
    }
  }
}
