package ai.pretrain.api.codec;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

/**
 * CORS for the codec endpoint only, so the Temporal UI (another origin) may call it with credentials: the configured
 * origins are echoed back, on refusals (401, 403) too so the UI can show why; every other origin gets no CORS headers
 * and the browser blocks it.
 */
@Provider
public class CodecCors implements ContainerResponseFilter {

  static final String ALLOWED_HEADERS =
      "Content-Type, Authorization, X-API-Key, " + CodecResource.NAMESPACE_HEADER + ", Caller-Type";

  private final RemoteCodec codec;

  CodecCors(RemoteCodec codec) {
    this.codec = codec;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String path = request.getUriInfo().getPath();
    String origin = request.getHeaderString("Origin");
    if (!(path.startsWith("/api/v1/codec/") || path.startsWith("api/v1/codec/")) || origin == null) {
      return;
    }
    MultivaluedMap<String, Object> headers = response.getHeaders();
    headers.add("Vary", "Origin");
    if (!codec.allowsOrigin(origin)) {
      return;
    }
    headers.putSingle("Access-Control-Allow-Origin", origin);
    headers.putSingle("Access-Control-Allow-Credentials", "true");
    headers.putSingle("Access-Control-Allow-Methods", "POST, OPTIONS");
    headers.putSingle("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    headers.putSingle("Access-Control-Max-Age", "600");
  }
}
