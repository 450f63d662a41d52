package ai.pretrain.api.artifacts;

import ai.pretrain.api.auth.CurrentCaller;
import ai.pretrain.api.openapi.ProblemResponses;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A run's artifacts: the list with lineage, and each one streamed from the store with ranges and its sha256. */
@Path("/api/v1/runs/{id}/artifacts")
@Tag(name = "artifacts", description = "What a run's stages wrote to the artifact store")
public class ArtifactResource {

  private final ArtifactService artifacts;
  private final ArtifactDownload download;
  private final ArtifactDeletion deletion;
  private final CurrentCaller caller;

  ArtifactResource(ArtifactService artifacts, ArtifactDownload download, ArtifactDeletion deletion,
      CurrentCaller caller) {
    this.artifacts = artifacts;
    this.download = download;
    this.deletion = deletion;
    this.caller = caller;
  }

  /** Every artifact the run's stages have written so far, each with its lineage. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "200", description = "The run's artifacts",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunArtifacts.class)))
  @APIResponse(responseCode = "404", description = "No run with this id")
  @APIResponse(responseCode = "410", description = "The run's artifacts were deleted")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Every artifact of a run, with its lineage; 410 once they were deleted")
  public RunArtifacts list(@PathParam("id") String id) {
    return artifacts.list(id, caller.get());
  }

  /** Deletes what only this run's stages use, and its logs (see {@link ArtifactDeletion}); repeating it is harmless. */
  @DELETE
  @Produces(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "200", description = "What was deleted and what was kept",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = DeletedArtifacts.class)))
  @APIResponse(responseCode = "404", description = "No run with this id")
  @APIResponse(responseCode = "409", description = "The run is still running")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Delete a closed run's artifacts that no other run uses, and its logs",
      description = "Afterwards this path and the run's artifact downloads and report answer 410; artifacts other runs "
          + "still use are kept (the answer lists them under kept) and served through those runs. Repeating it is "
          + "harmless")
  public DeletedArtifacts delete(@PathParam("id") String id) {
    return deletion.delete(id, caller.get());
  }

  /** Streams one artifact (see {@link ArtifactDownload}). */
  @GET
  @Path("/{stage}/{name}")
  @Produces(MediaType.WILDCARD)
  @APIResponse(responseCode = "200", description = "The artifact's bytes",
      content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(responseCode = "206", description = "The requested byte range",
      content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(responseCode = "304", description = "If-None-Match named the artifact's ETag")
  @APIResponse(responseCode = "404", description = "No run with this id, or the run has no such artifact")
  @APIResponse(responseCode = "410",
      description = "The run's artifacts were deleted, or the run recorded the artifact but the store no longer has it")
  @APIResponse(responseCode = "416", description = "The Range lies outside the artifact")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Stream one artifact; ETag is its sha256; Range gives 206")
  public Response download(@PathParam("id") String id, @PathParam("stage") String stage,
      @PathParam("name") String name, @HeaderParam("Range") String range,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws IOException {
    return download.stream(artifacts.find(id, stage, name, caller.get()), range, ifNoneMatch, false);
  }
}
