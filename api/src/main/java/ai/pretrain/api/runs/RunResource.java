package ai.pretrain.api.runs;

import ai.pretrain.api.auth.CurrentCaller;
import ai.pretrain.api.openapi.ProblemResponses;
import ai.pretrain.api.problem.DeclaredBody;
import ai.pretrain.api.temporal.TemporalConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Submit, list, inspect and cancel pipeline runs. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Pipeline runs")
public class RunResource {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final RunService runs;
  private final RunInspector inspector;
  private final RunLister lister;
  private final TemporalConfig temporal;
  private final CurrentCaller caller;

  RunResource(RunService runs, RunInspector inspector, RunLister lister, TemporalConfig temporal,
      CurrentCaller caller) {
    this.runs = runs;
    this.inspector = inspector;
    this.lister = lister;
    this.temporal = temporal;
    this.caller = caller;
  }

  /**
   * Starts a run from a YAML or JSON spec; 400 with every violation when the spec is invalid. With an
   * {@code Idempotency-Key}, repeating the request returns the same run with 200; a different spec under the same
   * key is a 409.
   */
  @POST
  @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON})
  @APIResponse(responseCode = "200", description = "The Idempotency-Key replayed the run it started",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunAccepted.class)))
  @APIResponse(responseCode = "202", description = "The run was started",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunAccepted.class)))
  @APIResponse(responseCode = "400",
      description = "The spec is invalid (every violation is listed), or the body does not parse as its Content-Type")
  @APIResponse(responseCode = "409", description = "The Idempotency-Key already started a different spec")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Start a run from a YAML or JSON spec",
      description = "202 for a new run; 200 when an Idempotency-Key replays one; 409 when the key started a different spec")
  public Response submit(String spec,
      @Parameter(description = "Makes a retried POST return the run it started instead of a second one")
      @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
      @Context UriInfo uri, @Context HttpHeaders headers) {
    DeclaredBody.check(spec, headers.getMediaType());
    Submission submission = runs.submit(spec, Optional.ofNullable(idempotencyKey), caller.get());
    String runId = submission.runId();
    String self = "/api/v1/runs/" + runId;
    RunAccepted accepted = new RunAccepted(runId, submission.status(), temporal.uiLink(runId),
        Map.of("self", self, "artifacts", self + "/artifacts"));
    Response.ResponseBuilder response = submission.replayed() ? Response.ok(accepted) : Response.accepted(accepted);
    if (submission.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return response.location(uri.getBaseUriBuilder().path(self).build()).build();
  }

  /** Runs newest first, filtered; a non-admin sees only their own. */
  @GET
  @APIResponse(responseCode = "200", description = "One page of runs",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunPage.class)))
  @APIResponse(responseCode = "400",
      description = "A filter or the page token is invalid; the violations name the parameter")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "List runs newest first, filtered and paged")
  public RunPage list(@QueryParam("status") String status, @QueryParam("name") String name,
      @QueryParam("owner") String owner, @QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("pageSize") String pageSize, @QueryParam("pageToken") String pageToken) {
    return lister.list(RunFilter.parse(status, name, owner, from, to, pageSize, pageToken), caller.get());
  }

  @GET
  @Path("/{id}")
  @APIResponse(responseCode = "200", description = "The run",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
  @APIResponse(responseCode = "404", description = "No run with this id")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "A run's status, stages, live training progress and comparison")
  public RunView get(@PathParam("id") String id) {
    return inspector.view(id, caller.get());
  }

  /** A new run of a closed run's spec; the stages it completed come from the cache, so work resumes where it stopped. */
  @POST
  @Path("/{id}/retry")
  @APIResponse(responseCode = "202", description = "A new run of the spec was started",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunAccepted.class)))
  @APIResponse(responseCode = "400", description = "The run's spec no longer passes the submit checks")
  @APIResponse(responseCode = "404", description = "No run with this id")
  @APIResponse(responseCode = "409", description = "The run is running or completed, so there is nothing to retry")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Retry a failed or cancelled run from the stage that did not finish")
  public Response retry(@PathParam("id") String id, @Context UriInfo uri) {
    Submission submission = runs.retry(id, caller.get());
    String self = "/api/v1/runs/" + submission.runId();
    RunAccepted accepted = new RunAccepted(submission.runId(), submission.status(), temporal.uiLink(submission.runId()),
        Map.of("self", self, "artifacts", self + "/artifacts", "retryOf", "/api/v1/runs/" + id));
    return Response.accepted(accepted).location(uri.getBaseUriBuilder().path(self).build()).build();
  }

  @POST
  @Path("/{id}/cancel")
  @APIResponse(responseCode = "202", description = "Cancellation was requested",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = CancelAccepted.class)))
  @APIResponse(responseCode = "404", description = "No run with this id")
  @APIResponse(responseCode = "409", description = "The run is already closed")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Cancel a running run")
  public Response cancel(@PathParam("id") String id) {
    runs.cancel(id, caller.get());
    return Response.accepted(new CancelAccepted(id, "CANCEL_REQUESTED")).build();
  }
}
