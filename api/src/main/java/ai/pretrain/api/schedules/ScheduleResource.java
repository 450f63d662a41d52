package ai.pretrain.api.schedules;

import ai.pretrain.api.auth.CurrentCaller;
import ai.pretrain.api.openapi.ProblemResponses;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Create, list, inspect, pause, unpause, trigger and delete pipeline schedules (Temporal Schedules). */
@Path("/api/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "schedules", description = "Pipeline schedules: a spec run on a cron expression or an interval")
public class ScheduleResource {

  private final ScheduleService schedules;
  private final CurrentCaller caller;

  ScheduleResource(ScheduleService schedules, CurrentCaller caller) {
    this.schedules = schedules;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "201", description = "The schedule, with its next runs",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class)))
  @APIResponse(responseCode = "400",
      description = "The spec is invalid, cron or interval is missing or malformed, or overlap is unknown; the "
          + "violations name the field")
  @APIResponse(responseCode = "409", description = "A schedule with the new id already exists")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Schedule a spec on a cron expression or an interval",
      description = "The spec passes the checks of POST /api/v1/runs; each start is a run owned by the caller")
  public Response create(ScheduleRequest request, @Context UriInfo uri) {
    ScheduleView created = schedules.create(request, caller.get());
    return Response.created(uri.getBaseUriBuilder().path(created.links().get("self")).build()).entity(created).build();
  }

  @GET
  @APIResponse(responseCode = "200", description = "The schedules the caller may see",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleList.class)))
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "List schedules; a non-admin sees only their own")
  public ScheduleList list() {
    return schedules.list(caller.get());
  }

  @GET
  @Path("/{id}")
  @APIResponse(responseCode = "200", description = "The schedule, its next runs and its recent runs",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class)))
  @APIResponse(responseCode = "404", description = "No schedule with this id that the caller may see")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "A schedule with its next and recent runs")
  public ScheduleView get(@PathParam("id") String id) {
    return schedules.describe(id, caller.get());
  }

  @POST
  @Path("/{id}/pause")
  @APIResponse(responseCode = "200", description = "The schedule, paused",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class)))
  @APIResponse(responseCode = "404", description = "No schedule with this id that the caller may see")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Pause a schedule: no run starts until it is unpaused")
  public ScheduleView pause(@PathParam("id") String id) {
    return schedules.pause(id, caller.get());
  }

  @POST
  @Path("/{id}/unpause")
  @APIResponse(responseCode = "200", description = "The schedule, running again",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class)))
  @APIResponse(responseCode = "404", description = "No schedule with this id that the caller may see")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Unpause a schedule")
  public ScheduleView unpause(@PathParam("id") String id) {
    return schedules.unpause(id, caller.get());
  }

  @POST
  @Path("/{id}/trigger")
  @APIResponse(responseCode = "202", description = "A run is starting now",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = TriggerAccepted.class)))
  @APIResponse(responseCode = "404", description = "No schedule with this id that the caller may see")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Start a run of the schedule now, under its overlap policy")
  public Response trigger(@PathParam("id") String id) {
    return Response.accepted(schedules.trigger(id, caller.get())).build();
  }

  @DELETE
  @Path("/{id}")
  @APIResponse(responseCode = "204", description = "The schedule was deleted; the runs it started stay")
  @APIResponse(responseCode = "404", description = "No schedule with this id that the caller may see")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Delete a schedule")
  public Response delete(@PathParam("id") String id) {
    schedules.delete(id, caller.get());
    return Response.noContent().build();
  }
}
