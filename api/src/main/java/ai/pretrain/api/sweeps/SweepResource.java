package ai.pretrain.api.sweeps;

import ai.pretrain.api.auth.CurrentCaller;
import ai.pretrain.api.openapi.ProblemResponses;
import ai.pretrain.api.problem.DeclaredBody;
import ai.pretrain.api.temporal.TemporalConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Start a sweep over a run's adapted model, read its leaderboard, stop a trial, cancel it. */
@Path("/api/v1/sweeps")
@Produces(MediaType.APPLICATION_JSON)
public class SweepResource {

  private final SweepService sweeps;
  private final SweepInspector inspector;
  private final TemporalConfig temporal;
  private final CurrentCaller caller;

  SweepResource(SweepService sweeps, SweepInspector inspector, TemporalConfig temporal, CurrentCaller caller) {
    this.sweeps = sweeps;
    this.inspector = inspector;
    this.temporal = temporal;
    this.caller = caller;
  }

  /** Starts a sweep from a spec with a {@code sweep} section, fine-tuning run {@code fromRun}'s adapted model. */
  @POST
  @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON})
  @APIResponse(responseCode = "202", description = "The sweep was started",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = SweepAccepted.class)))
  @APIResponse(responseCode = "400",
      description = "The spec is invalid, fromRun is missing, or the body does not parse as its Content-Type")
  @APIResponse(responseCode = "404", description = "No run fromRun")
  @APIResponse(responseCode = "409", description = "Run fromRun has no adapted model yet")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Start a sweep on its own over run fromRun's adapted model, from a spec with a sweep section")
  public Response start(String spec, @QueryParam("fromRun") String fromRun, @Context UriInfo uri,
      @Context HttpHeaders headers) {
    DeclaredBody.check(spec, headers.getMediaType());
    String sweepId = sweeps.start(spec, fromRun, caller.get());
    String self = "/api/v1/sweeps/" + sweepId;
    return Response.accepted(new SweepAccepted(sweepId, "RUNNING", temporal.uiLink(sweepId),
            Map.of("self", self, "leaderboard", self + "/leaderboard")))
        .location(uri.getBaseUriBuilder().path(self).build())
        .build();
  }

  @GET
  @Path("/{id}")
  @APIResponse(responseCode = "200", description = "The sweep",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SweepView.class)))
  @APIResponse(responseCode = "404", description = "No sweep with this id")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "A sweep's status, best trial and trials")
  public SweepView get(@PathParam("id") String id) {
    return inspector.view(id, caller.get());
  }

  /** The trials best first: parameters, metric per rung, state. */
  @GET
  @Path("/{id}/leaderboard")
  @APIResponse(responseCode = "200", description = "The trials, best first",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(type = SchemaType.ARRAY, implementation = LeaderboardRow.class)))
  @APIResponse(responseCode = "404", description = "No sweep with this id")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Every trial of a sweep, best first: parameters, metric and epochs per rung, state")
  public List<LeaderboardRow> leaderboard(@PathParam("id") String id) {
    return inspector.view(id, caller.get()).leaderboard();
  }

  @POST
  @Path("/{id}/trials/{trial}/stop")
  @APIResponse(responseCode = "202", description = "Stopping the trial was requested",
      content = @Content(mediaType = MediaType.APPLICATION_JSON))
  @APIResponse(responseCode = "404", description = "No sweep with this id, or no such trial")
  @APIResponse(responseCode = "409", description = "The sweep is already closed")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Stop one trial: its running rung is cancelled and its slot freed")
  public Response stopTrial(@PathParam("id") String id, @PathParam("trial") int trial) {
    sweeps.stopTrial(id, trial, caller.get());
    return Response.accepted(Map.of("sweepId", id, "trial", trial, "status", "STOP_REQUESTED")).build();
  }

  @POST
  @Path("/{id}/cancel")
  @APIResponse(responseCode = "202", description = "Cancellation was requested",
      content = @Content(mediaType = MediaType.APPLICATION_JSON))
  @APIResponse(responseCode = "404", description = "No sweep with this id")
  @APIResponse(responseCode = "409", description = "The sweep is already closed")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Cancel a sweep and every running trial")
  public Response cancel(@PathParam("id") String id) {
    sweeps.cancel(id, caller.get());
    return Response.accepted(Map.of("sweepId", id, "status", "CANCEL_REQUESTED")).build();
  }
}
