package ai.pretrain.api.logs;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.auth.CurrentCaller;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A stage's log, read from the store, so it outlives the worker that wrote it. */
@Path("/api/v1/runs/{id}/stages/{stage}/logs")
@Tag(name = "logs", description = "Stage logs kept with the run")
public class StageLogResource {

  private final StageLogService logs;
  private final CurrentCaller caller;

  StageLogResource(StageLogService logs, CurrentCaller caller) {
    this.logs = logs;
    this.caller = caller;
  }

  /** The log so far, every attempt in order; {@code follow=true} streams new lines until the run ends. */
  @GET
  @Produces(MediaType.TEXT_PLAIN)
  @Operation(summary = "A stage's log, every attempt; follow=true streams it until the run ends")
  public StreamingOutput log(@PathParam("id") String id, @PathParam("stage") String stage,
      @QueryParam("follow") @DefaultValue("false") boolean follow) {
    Caller who = caller.get();
    logs.authorize(id, stage, who);
    return out -> logs.write(id, stage, who, follow, out);
  }
}
