package ai.pretrain.api.auth;

import ai.pretrain.api.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every {@code /api} request by its API key ({@code Authorization: Bearer <key>} or
 * {@code X-API-Key}) or, where OIDC is configured, its bearer JWT, when either is configured: 401 without a known key
 * or a valid token, 403 when a viewer asks to change anything. Health, metrics, the OpenAPI document and CORS
 * preflights stay open. The key or token is neither logged nor kept past this filter.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

  static final String API_KEY_HEADER = "X-API-Key";
  private static final String BEARER = "Bearer ";
  private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  /** POSTs that only read: decoding payloads for the Temporal UI (the codec checks its own role). */
  private static final Set<String> READING_POSTS = Set.of("/api/v1/codec/decode", "api/v1/codec/decode");

  private final ApiKeys keys;
  private final BearerTokens tokens;
  private final CurrentCaller current;

  ApiKeyFilter(ApiKeys keys, BearerTokens tokens, CurrentCaller current) {
    this.keys = keys;
    this.tokens = tokens;
    this.current = current;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!(keys.enabled() || tokens.enabled()) || !(path.startsWith("/api/") || path.startsWith("api/"))
        || HttpMethod.OPTIONS.equals(request.getMethod())) {
      // A browser's CORS preflight carries no credentials; the request that follows it does.
      return;
    }
    Optional<String> presented = presentedKey(request);
    if (presented.isEmpty()) {
      request.abortWith(unauthorized("send an API key as 'Authorization: Bearer <key>' or '" + API_KEY_HEADER + "'"
          + (tokens.enabled() ? ", or an OIDC token as 'Authorization: Bearer <jwt>'" : "")));
      return;
    }
    Optional<Caller> caller = keys.authenticate(presented.get());
    if (caller.isEmpty() && tokens.enabled() && BearerTokens.looksLikeToken(presented.get())) {
      try {
        caller = Optional.of(tokens.authenticate(presented.get()));
      } catch (BearerTokens.Refused refused) {
        request.abortWith(refused.authenticated()
            ? Problem.of("forbidden", "Forbidden", 403, refused.getMessage()).toResponse()
            : unauthorized(refused.getMessage()));
        return;
      }
    }
    if (caller.isEmpty()) {
      request.abortWith(unauthorized("the API key is not known"));
      return;
    }
    boolean reads = READS.contains(request.getMethod())
        || (HttpMethod.POST.equals(request.getMethod()) && READING_POSTS.contains(path));
    if (!reads && !caller.get().role().allows(Role.SUBMITTER)) {
      request.abortWith(Problem.of("forbidden", "Forbidden", 403,
          "'" + caller.get().owner() + "' has the viewer role, which may only read").toResponse());
      return;
    }
    current.set(caller.get());
  }

  private static Optional<String> presentedKey(ContainerRequestContext request) {
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String key = authorization.substring(BEARER.length()).trim();
      return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }
    String key = request.getHeaderString(API_KEY_HEADER);
    return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.trim());
  }

  private static Response unauthorized(String detail) {
    Response problem = Problem.of("unauthorized", "Unauthorized", 401, detail).toResponse();
    return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pretrain\"").build();
  }
}
