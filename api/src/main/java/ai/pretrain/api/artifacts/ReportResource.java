package ai.pretrain.api.artifacts;

import ai.pretrain.api.auth.CurrentCaller;
import ai.pretrain.api.openapi.ProblemResponses;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.pipeline.Artifacts;
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
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A run's HTML report, the evaluate stage's {@code report-html} artifact, shown in the browser. */
@Path("/api/v1/runs/{id}/report")
@Tag(name = "artifacts")
public class ReportResource {

  static final String STAGE = "evaluate";
  static final String ARTIFACT = Artifacts.REPORT_HTML;

  private final ArtifactService artifacts;
  private final ArtifactDownload download;
  private final CurrentCaller caller;

  ReportResource(ArtifactService artifacts, ArtifactDownload download, CurrentCaller caller) {
    this.artifacts = artifacts;
    this.download = download;
    this.caller = caller;
  }

  @GET
  @Produces({MediaType.TEXT_HTML, MediaType.WILDCARD})
  @APIResponse(responseCode = "200", description = "The report page",
      content = @Content(mediaType = MediaType.TEXT_HTML))
  @APIResponse(responseCode = "304", description = "If-None-Match named the report's ETag")
  @APIResponse(responseCode = "404", description = "No run with this id, or its report is not written yet")
  @APIResponse(responseCode = "410",
      description = "The run's artifacts were deleted, or the store no longer has the report")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "The run's report page (self-contained HTML); 404 until the evaluate stage has written it")
  public Response report(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch)
      throws IOException {
    try {
      return download.stream(artifacts.find(id, STAGE, ARTIFACT, caller.get()), null, ifNoneMatch, true);
    } catch (ProblemException e) {
      if (e.problem().status() == 404 && e.problem().type().endsWith("/artifact-not-found")) {
        throw ProblemException.reportNotReady(id);
      }
      throw e;
    }
  }
}
