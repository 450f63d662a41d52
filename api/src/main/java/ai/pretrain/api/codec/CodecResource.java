package ai.pretrain.api.codec;

import ai.pretrain.api.auth.CurrentCaller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The remote codec endpoint of the Temporal UI (its codec endpoint setting is this path): {@code /decode} shows
 * encrypted payloads to authenticated callers, {@code /encode} encrypts what the UI sends (signals, resets).
 */
@Path("/api/v1/codec")
@Tag(name = "codec", description = "Temporal's remote payload codec, for the Temporal UI")
public class CodecResource {

  static final String NAMESPACE_HEADER = "X-Namespace";

  private final RemoteCodec codec;
  private final CurrentCaller caller;

  CodecResource(RemoteCodec codec, CurrentCaller caller) {
    this.codec = codec;
    this.caller = caller;
  }

  @POST
  @Path("/decode")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "200", description = "The decoded payloads",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = CodecPayloads.class)))
  @APIResponse(responseCode = "400",
      description = "The payloads or the X-Namespace header are invalid; the violations name the field")
  @Operation(summary = "Decrypt payloads (Temporal remote codec protocol); viewer role or above")
  public CodecPayloads decode(@HeaderParam(NAMESPACE_HEADER) String namespace, CodecPayloads payloads) {
    return codec.decode(payloads, namespace, caller.get());
  }

  @POST
  @Path("/encode")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "200", description = "The encoded payloads",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = CodecPayloads.class)))
  @APIResponse(responseCode = "400",
      description = "The payloads or the X-Namespace header are invalid; the violations name the field")
  @Operation(summary = "Encrypt payloads (Temporal remote codec protocol); submitter role or above")
  public CodecPayloads encode(@HeaderParam(NAMESPACE_HEADER) String namespace, CodecPayloads payloads) {
    return codec.encode(payloads, namespace, caller.get());
  }

  /** The browser's CORS preflight for {@code /decode}; {@link CodecCors} adds the headers for allowed origins. */
  @OPTIONS
  @Path("/decode")
  @APIResponse(responseCode = "204", description = "The preflight is answered; CORS headers for allowed origins")
  @SecurityRequirementsSet
  @Operation(summary = "CORS preflight for the Temporal UI's decode requests")
  public Response decodePreflight() {
    return Response.noContent().build();
  }

  /** The browser's CORS preflight for {@code /encode}. */
  @OPTIONS
  @Path("/encode")
  @APIResponse(responseCode = "204", description = "The preflight is answered; CORS headers for allowed origins")
  @SecurityRequirementsSet
  @Operation(summary = "CORS preflight for the Temporal UI's encode requests")
  public Response encodePreflight() {
    return Response.noContent().build();
  }
}
