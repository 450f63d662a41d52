package ai.pretrain.api.runs;

import ai.pretrain.api.temporal.TemporalConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/** Submit, inspect and cancel pipeline runs. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

  private final RunService runs;
  private final RunInspector inspector;
  private final TemporalConfig temporal;

  RunResource(RunService runs, RunInspector inspector, TemporalConfig temporal) {
    this.runs = runs;
    this.inspector = inspector;
    this.temporal = temporal;
  }

  /** Starts a run from a YAML or JSON spec; 400 with every violation when the spec is invalid. */
  @POST
  @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON})
  public Response submit(String spec, @Context UriInfo uri) {
    String runId = runs.submit(spec);
    String self = "/api/v1/runs/" + runId;
    return Response.accepted(new RunAccepted(runId, "RUNNING", temporal.uiLink(runId), Map.of("self", self)))
        .location(uri.getBaseUriBuilder().path(self).build())
        .build();
  }

  @GET
  @Path("/{id}")
  public RunView get(@PathParam("id") String id) {
    return inspector.view(id);
  }

  @POST
  @Path("/{id}/cancel")
  public Response cancel(@PathParam("id") String id) {
    runs.cancel(id);
    return Response.accepted(new CancelAccepted(id, "CANCEL_REQUESTED")).build();
  }
}
