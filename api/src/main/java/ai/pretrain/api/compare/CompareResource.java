package ai.pretrain.api.compare;

import ai.pretrain.api.auth.CurrentCaller;
import ai.pretrain.api.openapi.ProblemResponses;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs side by side: comparison rows, spec differences by field path, and shared stage results. */
@Path("/api/v1/runs/compare")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Pipeline runs")
public class CompareResource {

  private final RunComparer comparer;
  private final ComparePage page;
  private final CurrentCaller caller;

  CompareResource(RunComparer comparer, ComparePage page, CurrentCaller caller) {
    this.comparer = comparer;
    this.page = page;
    this.caller = caller;
  }

  @GET
  @APIResponse(responseCode = "200", description = "The runs compared",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = RunComparison.class)))
  @APIResponse(responseCode = "400", description = "ids does not name 1 to 10 run ids; the violation says why")
  @APIResponse(responseCode = "404", description = "One of the runs does not exist")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Compare runs: comparison rows side by side, spec differences by field, shared stage results")
  public RunComparison compare(@Parameter(description = "1 to 10 run ids, comma-separated; a repeated id counts once",
      required = true, schema = @Schema(type = SchemaType.STRING, pattern = RunComparer.IDS_PATTERN))
      @QueryParam("ids") String ids) {
    return comparer.compare(ids, caller.get());
  }

  /** The same comparison as a page, with the runs' loss and ROC curves overlaid. */
  @GET
  @Path("/page")
  @Produces(MediaType.TEXT_HTML)
  @APIResponse(responseCode = "200", description = "The comparison as an HTML page",
      content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
  @APIResponse(responseCode = "400", description = "ids does not name 1 to 10 run ids; the violation says why")
  @APIResponse(responseCode = "404", description = "One of the runs does not exist")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Compare runs as an HTML page: tables, and loss and ROC curves overlaid")
  public Response comparePage(@Parameter(description = "1 to 10 run ids, comma-separated; a repeated id counts once",
      required = true, schema = @Schema(type = SchemaType.STRING, pattern = RunComparer.IDS_PATTERN))
      @QueryParam("ids") String ids) {
    // Inline SVG and style only: nothing may load or run from the page.
    return Response.ok(page.render(ids, caller.get()), MediaType.TEXT_HTML + "; charset=utf-8")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }
}
