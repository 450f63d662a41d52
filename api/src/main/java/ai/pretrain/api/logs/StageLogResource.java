package ai.pretrain.api.logs;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.auth.CurrentCaller;
import ai.pretrain.api.openapi.ProblemResponses;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.spec.Violation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
  @APIResponse(responseCode = "200", description = "The log's lines",
      content = @Content(mediaType = MediaType.TEXT_PLAIN))
  @APIResponse(responseCode = "400", description = "follow is not true or false")
  @APIResponse(responseCode = "404", description = "No run with this id, or no stage of this name")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "A stage's log, every attempt; follow=true streams it until the run ends")
  @Parameter(name = "follow", in = ParameterIn.QUERY, description = "true streams new lines until the run ends",
      schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
  public StreamingOutput log(@PathParam("id") String id, @PathParam("stage") String stage, @Context UriInfo uri) {
    // Read raw: the framework hands an empty follow= over as absent, which would quietly mean false.
    boolean following = parseFollow(uri.getQueryParameters().get("follow"));
    Caller who = caller.get();
    logs.authorize(id, stage, who);
    return out -> logs.write(id, stage, who, following, out);
  }

  /** Only {@code true} or {@code false}: a typo such as {@code follow=yes} must not quietly mean false. */
  private static boolean parseFollow(List<String> given) {
    if (given == null || given.isEmpty()) {
      return false;
    }
    String follow = given.get(0);
    if (given.size() > 1 || (!"true".equals(follow) && !"false".equals(follow))) {
      throw ProblemException.invalidRequest(List.of(new Violation("follow", "is '" + follow
          + "'; send follow=true to stream the log until the run ends, or follow=false (the default)")));
    }
    return Boolean.parseBoolean(follow);
  }
}
